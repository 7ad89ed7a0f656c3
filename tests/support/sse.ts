// Reads the staff live feed (text/event-stream) over fetch, as an EventSource would, collecting events.
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
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            const event = /^event: (.*)$/m.exec(block)?.[1];
            if (data && event && event !== "hello") events.push(JSON.parse(data) as LiveEventBody);
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
  return { status: res.status, events, until, close: () => ac.abort() };
}
