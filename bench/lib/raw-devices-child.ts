// Many MQTT devices in one process, on bare sockets (mqtt-packet, no MQTT.js client objects), so 10,000 or
// 100,000 connections fit in the load generator: devices F<i> with secret "secret-<i>" for i in [from, to).
// Client ports come from several loopback source addresses (127.0.0.2, .3, ...). Run with fork(); messages:
//   {cmd:"connect", url, from, to, sources, concurrency, ms}  -> {cmd:"connected", connected, failed, ms, failures}
//   {cmd:"drop", close?}                                      -> {cmd:"dropped", dropped}   (sockets cut, no DISCONNECT:
//                                                                reset (RST), or with close: true closed (FIN))
//   {cmd:"reconnect", queued, ms, tag}                        -> {cmd:"storm", back, backMs, published, acked, ackedMs, failures}
// (failures: connections that failed, by reason: timeout, error: <code>, closed, refused: <code>, parse)
//   {cmd:"close"}                                             -> exits
// Every wait is bounded by the `ms` given; 127.0.0.1 only.
import net from "node:net";
import mqttPacket, { type Packet } from "mqtt-packet";

interface Conn {
  i: number;
  socket: net.Socket | null;
  up: boolean;
}

let url = new URL("mqtt://127.0.0.1:1883");
let sources: string[] = ["127.0.0.1"];
let concurrency = 500;
let conns: Conn[] = [];

const deviceId = (i: number) => `F${String(i).padStart(7, "0")}`;

/** tries a device makes to connect in the connect command before it counts as not connected */
const CONNECT_ATTEMPTS = 5;

/** why connections failed, by reason (timeout, error: <code>, closed, refused: <CONNACK code>, parse) */
const failures = new Map<string, number>();
const failed = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);

function connectOne(c: Conn, onPacket: (p: Packet) => void, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({
      host: url.hostname,
      port: Number(url.port),
      localAddress: sources[c.i % sources.length],
    });
    c.socket = socket;
    let settled = false;
    const done = (ok: boolean, why = "") => {
      if (settled) return;
      settled = true;
      if (!ok) failed(why);
      clearTimeout(timer);
      c.up = ok;
      if (!ok) socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false, "timeout"), Math.max(1, deadline - Date.now()));
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", (p: Packet) => {
      if (p.cmd === "connack") done(p.returnCode === 0, `refused: ${p.returnCode}`);
      else onPacket(p);
    });
    parser.on("error", () => done(false, "parse"));
    socket.on("data", (b: Buffer) => parser.parse(b));
    socket.on("error", (e: NodeJS.ErrnoException) => done(false, `error: ${e.code ?? e.message}`));
    socket.on("close", () => {
      c.up = false;
      done(false, "closed");
    });
    socket.on("connect", () =>
      socket.write(
        mqttPacket.generate({
          cmd: "connect",
          protocolId: "MQTT",
          protocolVersion: 4,
          clean: true,
          clientId: deviceId(c.i),
          keepalive: 600, // as the ingest memory bench: a keepalive timer a connection, no PINGREQ within the run
          username: deviceId(c.i),
          password: Buffer.from(`secret-${c.i}`),
        }),
      ),
    );
  });
}

/** Runs `work` over `items` with at most `concurrency` at once, stopping new work at the deadline. */
async function pool<T>(items: T[], deadline: number, work: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && Date.now() < deadline) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

process.on("message", async (m: Record<string, unknown>) => {
  if (m.cmd === "connect") {
    url = new URL(m.url as string);
    sources = m.sources as string[];
    concurrency = m.concurrency as number;
    const from = m.from as number;
    const to = m.to as number;
    conns = Array.from({ length: to - from }, (_, k) => ({ i: from + k, socket: null, up: false }));
    const t0 = Date.now();
    const deadline = t0 + (m.ms as number);
    let connected = 0;
    // a device whose connection failed tries again after a wait growing by a second a try, as a real one backs
    // off (each failure is still counted)
    await pool(conns, deadline, async (c) => {
      for (let attempt = 0; attempt < CONNECT_ATTEMPTS && Date.now() < deadline; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, attempt * 1000));
        if (await connectOne(c, () => undefined, deadline)) {
          connected++;
          return;
        }
      }
    });
    process.send?.({
      cmd: "connected",
      connected,
      failed: conns.length - connected,
      ms: Date.now() - t0,
      failures: Object.fromEntries(failures),
    });
    failures.clear();
  } else if (m.cmd === "drop") {
    let dropped = 0;
    for (const c of conns) {
      if (c.socket && !c.socket.destroyed) {
        if (m.close === true)
          c.socket.destroy(); // a gateway that closes its connections: FIN, no DISCONNECT
        else c.socket.resetAndDestroy(); // a power cut: RST, no DISCONNECT
        dropped++;
      }
    }
    process.send?.({ cmd: "dropped", dropped });
  } else if (m.cmd === "reconnect") {
    const queued = m.queued as number;
    const tag = m.tag as string;
    const t0 = Date.now();
    const deadline = t0 + (m.ms as number);
    let back = 0;
    let backMs = 0;
    let published = 0;
    let acked = 0;
    let ackedMs = 0;
    const onPacket = (p: Packet) => {
      if (p.cmd === "puback") acked++;
    };
    // everyone at once (up to `concurrency` handshakes in flight), each sending its queue as soon as it is back
    await pool(conns, deadline, async (c) => {
      if (!(await connectOne(c, onPacket, deadline))) return;
      back++;
      if (back === conns.length) backMs = Date.now() - t0;
      const out: Buffer[] = [];
      for (let k = 0; k < queued; k++) {
        const id = `${tag}-${c.i}-${k}`;
        out.push(
          mqttPacket.generate({
            cmd: "publish",
            topic: `devices/${deviceId(c.i)}/up`,
            payload: Buffer.from(JSON.stringify({ id, ts: Date.now(), type: "heartbeat", battery: 80 })),
            qos: 1,
            messageId: k + 1,
            retain: false,
            dup: false,
          }),
        );
      }
      c.socket!.write(Buffer.concat(out));
      published += queued;
    });
    // bounded: until every message published is acknowledged, or the deadline
    while (acked < published && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (published > 0 && acked === published) ackedMs = Date.now() - t0;
    process.send?.({
      cmd: "storm",
      back,
      backMs: backMs || NaN,
      published,
      acked,
      ackedMs: ackedMs || NaN,
      failures: Object.fromEntries(failures),
    });
    failures.clear();
  } else if (m.cmd === "close") {
    for (const c of conns) c.socket?.destroy();
    process.exit(0);
  }
});
process.send?.({ cmd: "ready" });
