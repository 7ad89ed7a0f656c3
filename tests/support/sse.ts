// Reads the staff live feed (text/event-stream) over fetch, as an EventSource would, collecting events.
// Every message is held to the contract (contract/live.ts): one that its type's schema refuses is kept in
// `refused`, which the feed's tests expect to stay empty.
import { LIVE_EVENTS, type LiveEventType } from "../../api/src/contract/live.ts";

/** loose on purpose: the tests pick events by a field or two; the contract checks the whole of each */
export interface LiveEventBody {
  type: string;
  alarmId: string | null;
  data: Record<string, unknown>;
}

/** An EventSource-like reader over fetch: collects events until closed. */
export async function openFeed(url: string, token: string) {
  const ac = new AbortController();
  const res = await fetch(`${url}/api/live/alarms?access_token=${encodeURIComponent(token)}`, { signal: ac.signal });
  const events: LiveEventBody[] = [];
  /** the messages the contract refused: "<event>: <zod's reasons>" */
  const refused: string[] = [];
  /** the server ended the stream */
  let ended = false;
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            ended = true;
            return;
          }
          buf += decoder.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            const event = /^event: (.*)$/m.exec(block)?.[1];
            if (!data || !event) continue;
            const body: unknown = JSON.parse(data);
            const schema = Object.hasOwn(LIVE_EVENTS, event) ? LIVE_EVENTS[event as LiveEventType] : null;
            const checked = schema?.safeParse(body);
            if (!checked?.success) refused.push(`${event}: ${checked ? checked.error.message : "no such event type"}`);
            if (event !== "hello") events.push(body as LiveEventBody);
          }
        }
      } catch {
        /* aborted */
      }
    })();
  }
  const until = async (pred: (e: LiveEventBody) => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  };
  return { status: res.status, events, refused, until, ended: () => ended, close: () => ac.abort() };
}
