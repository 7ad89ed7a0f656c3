// The live feed (server-sent events, /api/live/...): each message to the screen's handler; a dropped
// connection comes back by itself, and an expired session cookie (which EventSource cannot renew) is
// renewed through /console/session.json before connecting again. The messages are typed by the API's
// contract (contract/live.ts): a handler that narrows on the type gets that type's data. Only types: zod may
// not reach the browser bundle, and the server builds each event as the same types.
import { useEffect, useRef, useState } from "react";
import type { LiveEvents, LiveEventType } from "@anxin/contract/live";
import { currentSession } from "../../client/api.ts";

/** The handler's arguments: an event type with its data, one pair per type listened to. */
export type LiveMessage<K extends LiveEventType> = { [T in K]: [type: T, data: LiveEvents[T]] }[K];

export function useLiveFeed<K extends LiveEventType>(
  url: string,
  onMessage: (...message: LiveMessage<K>) => void,
  types: readonly K[],
): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  });
  const typeKey = types.join(",");
  useEffect(() => {
    let es: EventSource | null = null;
    let closed = false;
    const connect = () => {
      if (closed) return;
      es = new EventSource(url);
      es.onopen = () => setConnected(true);
      for (const t of typeKey.split(",").filter(Boolean) as K[])
        es.addEventListener(t, (ev) => {
          let data: LiveEvents[K];
          try {
            // the API's own feed, typed by the contract it builds its events from (no validator in the browser)
            data = JSON.parse((ev as MessageEvent<string>).data) as LiveEvents[K];
          } catch {
            return;
          }
          handler.current(...([t, data] as LiveMessage<K>));
        });
      es.onerror = () => {
        setConnected(false);
        if (es?.readyState === EventSource.CLOSED) void currentSession(true).then(connect, () => undefined);
      };
    };
    connect();
    return () => {
      closed = true;
      es?.close();
    };
  }, [url, typeKey]);
  return connected;
}
