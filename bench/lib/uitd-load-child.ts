// The transmission devices of bench/gb26875.ts, in a process of their own so that the gateway's process
// does only the gateway's work. Messages from the parent: {connect: {port, devices, components}}, then
// {rate: {perSecond, ms}} and {saturate: {window, ms}}; each answers with its figures. Bounded by the
// parent's counts and times; 127.0.0.1 only.
import { newTally, panelComponents, percentile, SimulatedUitd, type SimTally } from "../../api/src/tools/uitd-sim.ts";

type Message =
  | { connect: { port: number; devices: number; components: number } }
  | { rate: { perSecond: number; ms: number } }
  | { saturate: { window: number; ms: number } }
  | { stop: true };

let devices: SimulatedUitd[] = [];
let tally: SimTally = newTally();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function address(i: number): string {
  return (0xbe0000000000 + i).toString(16).padStart(12, "0");
}

/** One frame from device i: mostly heartbeats; a component change now and then (fire, fault, back). */
function frameFrom(i: number, n: number): void {
  const d = devices[i]!;
  const r = n % 20;
  if (r === 7) d.fire(`c${1 + (n % 24)}`);
  else if (r === 13) d.fault(`c${1 + (n % 24)}`);
  else if (r === 17) d.restore(`c${1 + (n % 24)}`);
  else d.heartbeat();
}

async function connect(m: { port: number; devices: number; components: number }) {
  tally = newTally();
  devices = Array.from(
    { length: m.devices },
    (_, i) =>
      new SimulatedUitd({
        address: address(i),
        components: panelComponents(m.components),
        host: "127.0.0.1",
        port: m.port,
        tally,
        maxLatencies: 2_000_000,
      }),
  );
  const started = performance.now();
  for (let i = 0; i < devices.length; i += 200) {
    await Promise.all(devices.slice(i, i + 200).map((d) => d.connect(30_000).then(() => d.heartbeat())));
  }
  const deadline = Date.now() + 60_000;
  while (tally.confirmed < devices.length && Date.now() < deadline) await sleep(20);
  return {
    connected: devices.filter((d) => d.connected).length,
    confirmed: tally.confirmed,
    ms: performance.now() - started,
  };
}

async function atRate(m: { perSecond: number; ms: number }) {
  tally.latencies = [];
  const before = tally.confirmed;
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < m.ms) {
    const due = Math.floor(((performance.now() - start) / 1000) * m.perSecond);
    for (; sent < due; sent++) frameFrom(sent % devices.length, Math.floor(sent / devices.length));
    await sleep(5);
  }
  const drain = Date.now() + 5000;
  while (tally.confirmed - before < sent && Date.now() < drain) await sleep(10);
  return summary(before, start, sent);
}

async function saturate(m: { window: number; ms: number }) {
  tally.latencies = [];
  const before = tally.confirmed;
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < m.ms) {
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i]!;
      while (d.model.pending < m.window) {
        frameFrom(i, sent++);
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  const elapsed = performance.now() - start;
  const confirmed = tally.confirmed - before;
  return { ...summary(before, start, sent), perSecond: (confirmed * 1000) / elapsed };
}

function summary(before: number, start: number, sent: number) {
  const elapsed = performance.now() - start;
  return {
    sent,
    confirmed: tally.confirmed - before,
    perSecond: ((tally.confirmed - before) * 1000) / elapsed,
    p50: percentile(tally.latencies, 50),
    p99: percentile(tally.latencies, 99),
    denied: tally.denied,
    gaveUp: tally.gaveUp,
  };
}

process.on("message", async (m: Message) => {
  if ("connect" in m) process.send?.({ connected: await connect(m.connect) });
  else if ("rate" in m) process.send?.({ rate: await atRate(m.rate) });
  else if ("saturate" in m) process.send?.({ saturate: await saturate(m.saturate) });
  else {
    for (const d of devices) d.close();
    process.exit(0);
  }
});
