// Concurrent HTTP readers in a process of their own (so the process timing fire alarms is not also busy
// sending requests): `clients` keep-alive connections read one target after another, each for `ms`, in the
// same run: the residents' home API (GET /api/households), the console's county view (GET
// /api/reports/county) and /health. Run with fork(); message {url, clients, ms, resident, staff} ->
// {results: [{name, requests, errors, perSec, p50Ms, p99Ms}]}. Bounded in time; 127.0.0.1 only.
import http from "node:http";
import { percentile } from "./load.ts";

interface Plan {
  url: string;
  clients: number;
  ms: number;
  resident: { code: string };
  staff: { username: string; password: string };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

async function post(url: string, body: unknown): Promise<{ accessToken?: string }> {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { accessToken?: string };
}

process.once("message", async (plan: Plan) => {
  const resident = await post(`${plan.url}/api/auth/wechat/login`, { code: plan.resident.code });
  const staff = await post(`${plan.url}/api/auth/staff/login`, plan.staff);
  const targets = [
    { name: "GET /api/households (resident)", path: "/api/households", token: resident.accessToken },
    { name: "GET /api/reports/county (county view)", path: "/api/reports/county", token: staff.accessToken },
    { name: "GET /health", path: "/health", token: undefined },
  ];
  process.send?.({ ready: true });
  const results = [];
  for (const t of targets) {
    const headers: Record<string, string> = t.token ? { authorization: `Bearer ${t.token}` } : {};
    const latencies: number[] = [];
    let errors = 0;
    const start = Date.now();
    const until = start + plan.ms;
    await Promise.all(
      Array.from({ length: plan.clients }, async () => {
        // bounded: by time, and by a count no client reaches in `ms`
        for (let n = 0; n < 1_000_000 && Date.now() < until; n++) {
          const t0 = performance.now();
          const status = await get(`${plan.url}${t.path}`, headers);
          if (status === 200) latencies.push(performance.now() - t0);
          else errors++;
        }
      }),
    );
    const seconds = (Date.now() - start) / 1000;
    const round = (n: number) => Math.round(n * 10) / 10;
    results.push({
      name: t.name,
      requests: latencies.length,
      errors,
      perSec: Math.round(latencies.length / seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
    });
  }
  agent.destroy();
  process.send?.({ results });
  process.exit(0);
});
