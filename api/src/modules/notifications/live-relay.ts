// Relays live events between API instances through PostgreSQL LISTEN/NOTIFY: each instance publishes its
// own events on one channel and delivers the others' to its screens. (SQLite means one instance: no relay.)
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Logger } from "../../shared/logger.ts";
import type { LiveEventInput, LiveFeed } from "./live-feed.ts";

const CHANNEL = "anxin_live";
const MAX_PAYLOAD = 7900; // PostgreSQL's NOTIFY payload limit is 8000 bytes

export interface LiveRelay {
  close(): Promise<void>;
}

export async function startPgLiveRelay(url: string, live: LiveFeed, log: Logger): Promise<LiveRelay> {
  const origin = randomBytes(6).toString("hex");
  let closing = false;
  let listener: pg.Client | null = null;
  const sender = new pg.Pool({ connectionString: url, max: 1 });
  sender.on("error", (err) => log.warn({ err: err.message }, "live relay: idle connection lost"));

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const m = JSON.parse(n.payload) as { o: string; e: LiveEventInput };
        if (m.o !== origin) live.deliver(m.e);
      } catch (err) {
        log.warn({ err: (err as Error).message }, "unreadable live relay message");
      }
    });
    c.on("error", (err) => log.warn({ err: err.message }, "live relay connection error"));
    c.on("end", () => {
      if (closing) return;
      log.warn("live relay connection lost; reconnecting");
      setTimeout(
        () => void connect().catch((e: Error) => log.error({ err: e.message }, "live relay reconnect failed")),
        1000,
      ).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    listener = c;
  };
  await connect();

  live.relay = (e) => {
    const payload = JSON.stringify({ o: origin, e });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      log.warn({ type: e.type, alarmId: e.alarmId }, "live event too large to relay");
      return;
    }
    sender
      .query("SELECT pg_notify($1, $2)", [CHANNEL, payload])
      .catch((err: Error) => log.warn({ err: err.message }, "live relay send failed"));
  };

  return {
    async close() {
      closing = true;
      live.relay = null;
      await listener?.end().catch(() => undefined);
      await sender.end().catch(() => undefined);
    },
  };
}
