// The live feed (server-sent events, /api/live/...): each message to the screen's handler; a dropped
// connection comes back by itself, and an expired session cookie (which EventSource cannot renew) is
// renewed through /console/session.json before connecting again.
import { useEffect, useRef, useState } from "react";
import { currentSession } from "../../client/api.ts";

export function useLiveFeed(url: string, onMessage: (type: string, data: unknown) => void, types: string[]): boolean {
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
      for (const t of typeKey.split(",").filter(Boolean))
        es.addEventListener(t, (ev) => {
          let data: unknown = null;
          try {
            data = JSON.parse((ev as MessageEvent<string>).data);
          } catch {
            return;
          }
          handler.current(t, data);
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
