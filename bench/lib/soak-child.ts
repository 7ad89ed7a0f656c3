// The soak's load in a process of its own (fork()): several clients flood sign-ins and session searches at
// full speed while every demo device publishes a heartbeat a second and some devices a smoke alarm every
// few seconds, all for `ms` and bounded in count. Message in: SoakPlan; out: SoakResult.
import mqtt, { type MqttClient } from "mqtt";

export interface SoakPlan {
  url: string;
  mqttUrl: string;
  devices: { id: string; secret: string }[];
  staff: { username: string; password: string }[];
  ms: number;
  signInClients: number;
  searchClients: number;
  /** every this many ms one of the fire devices publishes a smoke alarm */
  fireEveryMs: number;
  fireDevices: number;
  /** per client, a bound on requests whatever the speed */
  maxRequestsPerClient: number;
}

export interface SoakResult {
  signIns: { latencies: number[]; byStatus: Record<string, number> };
  searches: { latencies: number[]; byStatus: Record<string, number> };
  heartbeats: { sent: number; acked: number };
  fires: { ids: string[]; sent: number; acked: number; ackLatencies: number[] };
  errors: number;
}

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * DAY).toISOString().slice(0, 10);

async function timed(url: string, init: RequestInit, into: { latencies: number[]; byStatus: Record<string, number> }) {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    into.latencies.push(performance.now() - t0);
    into.byStatus[res.status] = (into.byStatus[res.status] ?? 0) + 1;
  } catch {
    into.latencies.push(performance.now() - t0);
    into.byStatus.error = (into.byStatus.error ?? 0) + 1;
  }
}

process.once("message", async (plan: SoakPlan) => {
  const result: SoakResult = {
    signIns: { latencies: [], byStatus: {} },
    searches: { latencies: [], byStatus: {} },
    heartbeats: { sent: 0, acked: 0 },
    fires: { ids: [], sent: 0, acked: 0, ackLatencies: [] },
    errors: 0,
  };
  const clients = new Map<string, MqttClient>();
  for (const d of plan.devices) {
    const c = await mqtt.connectAsync(plan.mqttUrl, {
      clientId: d.id,
      username: d.id,
      password: d.secret,
      protocolVersion: 4,
      reconnectPeriod: 0,
      keepalive: 600,
    });
    clients.set(d.id, c);
  }
  process.send?.({ ready: true });
  const until = Date.now() + plan.ms;
  let seq = 0;
  const publish = (id: string, type: string, extra: Record<string, unknown> = {}) => {
    const msgId = `soak-${type}-${++seq}`;
    const t0 = performance.now();
    return new Promise<{ msgId: string; ms: number } | null>((resolve) =>
      clients
        .get(id)!
        .publish(`devices/${id}/up`, JSON.stringify({ id: msgId, ts: Date.now(), type, ...extra }), { qos: 1 }, (err) =>
          resolve(err ? null : { msgId, ms: performance.now() - t0 }),
        ),
    );
  };

  // devices: a heartbeat a second each (within their message rate), smoke alarms now and then
  const fireDevices = plan.devices.slice(0, plan.fireDevices);
  const heartbeatDevices = plan.devices.slice(plan.fireDevices);
  const devices = (async () => {
    const pending: Promise<unknown>[] = [];
    let nextFire = Date.now() + 500;
    let f = 0;
    while (Date.now() < until) {
      const tick = Date.now();
      for (const d of heartbeatDevices) {
        result.heartbeats.sent++;
        pending.push(publish(d.id, "heartbeat", { battery: 90 }).then((r) => r && result.heartbeats.acked++));
      }
      while (Date.now() >= nextFire && Date.now() < until) {
        const d = fireDevices[f++ % fireDevices.length]!;
        result.fires.sent++;
        pending.push(
          publish(d.id, "smoke_alarm", { smoke: 640 }).then((r) => {
            if (!r) return;
            result.fires.acked++;
            result.fires.ids.push(r.msgId);
            result.fires.ackLatencies.push(r.ms);
          }),
        );
        nextFire += plan.fireEveryMs;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))));
    }
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 15_000))]);
  })();

  // sign-ins: most with names nobody has (each costs a password check), some right, some wrong
  let n = 0;
  const signIn = async (client: number) => {
    for (let i = 0; i < plan.maxRequestsPerClient && Date.now() < until; i++) {
      const k = ++n;
      const staff = plan.staff[k % plan.staff.length]!;
      const body =
        k % 10 === 0
          ? { username: staff.username, password: staff.password }
          : k % 10 === 1
            ? { username: staff.username, password: "not-the-password" }
            : { username: `flood-${client}-${k}`, password: "Password123" };
      await timed(
        `${plan.url}/api/auth/staff/login`,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
        result.signIns,
      );
    }
  };
  // session searches over a fortnight, a month, a quarter
  const search = async () => {
    for (let i = 0; i < plan.maxRequestsPerClient && Date.now() < until; i++) {
      const span = [13, 30, 91][i % 3]!;
      await timed(`${plan.url}/api/sessions?from=${day(0)}&to=${day(span)}`, {}, result.searches);
    }
  };
  await Promise.all([
    ...Array.from({ length: plan.signInClients }, (_, c) => signIn(c)),
    ...Array.from({ length: plan.searchClients }, () => search()),
    devices,
  ]);
  for (const c of clients.values()) await c.endAsync(true).catch(() => undefined);
  process.send?.({ result });
  process.exit(0);
});
