// A fire alarm while 10,000 connected devices drop at once (issue 21): the broker thread (as the API runs it)
// with its store answering at once, so a fire's publish -> PUBACK is the broker thread's own delay. Devices
// from bench/lib/raw-devices-child.ts are cut (reset, as a power cut; or closed, as a gateway closing them)
// while one more device publishes a smoke alarm every 5 ms. Both ways in the same run: the broker as it was
// (a dead socket torn down in the poll phase that saw it die) and with the teardown in turns
// (api/src/transport/mqtt/socket-teardown.ts). Bounded: rounds, devices and every wait; 127.0.0.1 only.
import mqtt from "mqtt";
import { createLogger } from "../../api/src/shared/logger.ts";
import { Metrics } from "../../api/src/shared/metrics.ts";
import { hashDeviceSecret } from "../../api/src/modules/devices/device-secrets.ts";
import type { DeviceDirectory } from "../../api/src/modules/devices/device-directory.ts";
import type { IngestPipeline } from "../../api/src/modules/devices/ingest-pipeline.ts";
import { startBrokerThread } from "../../api/src/transport/mqtt/broker-thread.ts";
import { ask, childReady, closeChildren, connectAll, loadChildren, raiseFileLimit } from "./raw-devices.ts";
import { percentile } from "./load.ts";
import type { Figure } from "../ingest.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROBE = "PROBE001";
const PROBE_SECRET = "probe-secret";

interface Sample {
  latencies: number[];
  /** probes with no PUBACK within the window's end + 10 s */
  lost: number;
}

/** Publishes a smoke alarm every `everyMs` for `ms`, each timed to its PUBACK. */
async function probe(client: mqtt.MqttClient, ms: number, everyMs: number): Promise<Sample> {
  const pending: Promise<number | null>[] = [];
  const end = Date.now() + ms;
  for (let k = 0; Date.now() < end && k < 10_000; k++) {
    const t0 = performance.now();
    const payload = JSON.stringify({ id: `p${Date.now()}-${k}`, ts: Date.now(), type: "smoke_alarm" });
    pending.push(
      Promise.race([
        client.publishAsync(`devices/${PROBE}/up`, payload, { qos: 1 }).then(() => performance.now() - t0),
        sleep(ms + 10_000).then(() => null),
      ]),
    );
    await sleep(everyMs);
  }
  const all = await Promise.all(pending);
  const latencies = all.filter((x): x is number => x !== null);
  return { latencies, lost: all.length - latencies.length };
}

export async function massResetPart(): Promise<Figure[]> {
  const n = Number(process.env.BENCH_FIRE_RESET_DEVICES ?? 10_000);
  const rounds = Math.min(10, Number(process.env.BENCH_FIRE_RESET_ROUNDS ?? 3));
  const salt = Buffer.alloc(12, 9); // as bench/lib/raw-devices.ts writes them: F<i>, "secret-<i>"
  const devices = new Map<string, { id: string; secretHash: string }>();
  for (let i = 0; i < n; i++) {
    const id = `F${String(i).padStart(7, "0")}`;
    devices.set(id, { id, secretHash: hashDeviceSecret(`secret-${i}`, salt) });
  }
  devices.set(PROBE, { id: PROBE, secretHash: hashDeviceSecret(PROBE_SECRET) });
  const directory = {
    peek: (id: string) => devices.get(id) ?? null,
    get: async (id: string) => devices.get(id) ?? null,
  } as unknown as DeviceDirectory;
  const pipeline = { submit: async () => undefined } as unknown as IngestPipeline;
  raiseFileLimit(process.pid, n + 10_000);
  const children = loadChildren(n);
  const figures: Figure[] = [];
  try {
    await Promise.all(children.map((c) => childReady(c.child)));
    for (const close of [false, true]) {
      for (const turns of [false, true]) {
        const broker = await startBrokerThread({
          host: "127.0.0.1",
          port: 0,
          guard: { maxPerAddress: n + 10, maxPendingPerAddress: n + 10, maxConnectBytes: 1024, maxPacketBytes: 8192 },
          connectTimeoutMs: 30_000,
          backlog: 4096,
          teardownInTurns: turns,
          directory,
          pipeline,
          metrics: new Metrics(),
          log: createLogger("silent"),
          logLevel: "silent",
        });
        const url = `mqtt://127.0.0.1:${broker.port}`;
        const client = await mqtt.connectAsync(url, {
          clientId: PROBE,
          username: PROBE,
          password: PROBE_SECRET,
          reconnectPeriod: 0,
          connectTimeout: 10_000,
        });
        const latencies: number[] = [];
        let lost = 0;
        let connected = 0;
        try {
          for (let r = 0; r < rounds; r++) {
            connected += (await connectAll(children, url, { concurrency: 500, ms: 60_000 })).connected;
            await sleep(1000);
            // the probe runs from half a second before the cut to 3 s after it
            const sampled = probe(client, 3500, 5);
            await sleep(500);
            await Promise.all(children.map((c) => ask(c.child, { cmd: "drop", close }, "dropped", 10_000)));
            const s = await sampled;
            latencies.push(...s.latencies);
            lost += s.lost;
            for (let k = 0; k < 100 && broker.connected() > 1; k++) await sleep(100);
          }
        } finally {
          await client.endAsync(true);
          await broker.close();
        }
        latencies.sort((a, b) => a - b);
        const r1 = (x: number) => Math.round(x * 10) / 10;
        figures.push({
          name: `fire alarm publish -> PUBACK while ${n} devices are ${close ? "closed (FIN)" : "reset (RST)"} at once, ${turns ? "teardown in turns" : "before: torn down at once"}, max`,
          value: r1(latencies.at(-1) ?? NaN),
          unit: "ms",
          note: `${rounds} cuts of ${Math.round(connected / rounds)} connected devices; ${latencies.length} smoke alarms, one every 5 ms from 0.5 s before each cut to 3 s after; p50 ${r1(percentile(latencies, 50))} ms, p99 ${r1(percentile(latencies, 99))} ms${lost ? `; ${lost} with no PUBACK` : ""}`,
        });
      }
    }
  } finally {
    await closeChildren(children);
  }
  return figures;
}
