// Issue 12 item 1, as the attack: one anonymous GET with dates near year 9999 kept the event loop in a date
// loop that never ended (the next date after 9999-12-31 is "+010000-01-01", which sorts before it), so
// /health stopped answering, the embedded broker stopped acknowledging and a smoke alarm was never stored.
// The API runs in a child process: should the loop stall again, this process still notices and kills it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiChild, within, type ApiChild } from "../support/api-child.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";

const BOUND_MS = 10_000; // a hang detector, not a performance figure: generous for a busy machine

let api: ApiChild;

beforeAll(async () => {
  api = await startApiChild();
});
afterAll(() => api?.kill());

async function staffToken(username: string): Promise<string> {
  const s = api.demo!.staff.find((x) => x.username === username)!;
  const r = await fetch(`${api.url}/api/auth/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: s.password }),
  });
  return ((await r.json()) as { accessToken: string }).accessToken;
}

describe("dates near the end of the calendar (issue 12 item 1)", () => {
  it("GET /api/sessions?from=9999-12-30&to=9999-12-31 is refused at once; /health, the broker and a smoke alarm keep working", async () => {
    const device = api.demo!.devices.find((d) => d.address)!;
    const client = await connectDevice(api.mqttUrl, device.id, device.secret);
    try {
      const attack = fetch(`${api.url}/api/sessions?from=9999-12-30&to=9999-12-31`, {
        signal: AbortSignal.timeout(BOUND_MS * 2),
      });
      attack.catch(() => undefined); // awaited below; should /health fail first, no unhandled rejection
      // while the attack is in flight: the process is alive and a fire alarm is stored and acknowledged
      const health = await within(BOUND_MS, "/health", fetch(`${api.url}/health`));
      expect(health.status).toBe(200);
      const fire = uplink("smoke_alarm");
      await within(BOUND_MS, "PUBACK of a smoke alarm", publish(client, `devices/${device.id}/up`, fire.payload));
      const res = await within(BOUND_MS, "the attack request", attack);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.message).toMatch(/日期/);
    } finally {
      client.end(true);
    }
  });

  it("POST /api/centres/:id/sessions/generate with from = to = 9999-12-31 is refused at once", async () => {
    const token = await staffToken("admin");
    const centres = (await (await fetch(`${api.url}/api/centres`)).json()) as { items: { id: string }[] };
    const centre = centres.items[0]!.id;
    const attack = fetch(`${api.url}/api/centres/${centre}/sessions/generate`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ from: "9999-12-31", to: "9999-12-31" }),
      signal: AbortSignal.timeout(BOUND_MS * 2),
    });
    attack.catch(() => undefined);
    const health = await within(BOUND_MS, "/health", fetch(`${api.url}/health`));
    expect(health.status).toBe(200);
    const res = await within(BOUND_MS, "the attack request", attack);
    expect(res.status).toBe(400);
  });

  it("the other date routes: closures, statistics, the monthly report at the calendar's ends answer 400, never hang or 500", async () => {
    const token = await staffToken("admin");
    const centres = (await (await fetch(`${api.url}/api/centres`)).json()) as { items: { id: string }[] };
    const centre = centres.items[0]!.id;
    const tries: [string, string, unknown?][] = [
      ["POST", `/api/centres/${centre}/closures`, { startDate: "9999-12-31", endDate: "9999-12-31", reason: "x" }],
      ["GET", "/api/bookings/stats?from=9999-12-30&to=9999-12-31"],
      ["GET", "/api/reports/monthly?month=0000-01"],
      ["GET", "/api/reports/monthly?month=9999-12"],
      ["GET", "/api/reports/monthly.xlsx?month=9999-12"],
      ["GET", "/api/history/alarms?from=9999-12-31T00:00:00Z"],
      ["GET", "/api/roster?from=0000-01-01T00:00:00Z&to=9999-12-31T00:00:00Z"],
    ];
    for (const [method, path, body] of tries) {
      const res = await within(
        BOUND_MS,
        `${method} ${path}`,
        fetch(`${api.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        }),
      );
      expect(res.status, `${method} ${path}`).toBe(400);
    }
  });
});
