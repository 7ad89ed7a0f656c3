// Routine HTTP requests take turns of the event loop (HTTP_TURN_MS, TurnGate); a route in the fire lane (a carrier
// push, a person acting on an alarm) is answered as soon as it is read, ahead of routine requests read before it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpApp } from "../../api/src/transport/http/app.ts";
import { route, type AnyRoute } from "../../api/src/transport/http/route.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import type { Services } from "../../api/src/services.ts";

// routine work with a cost: each /slow request holds the loop 2 ms (a load, not a measured figure)
const hold = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
};
const ok = z.object({ ok: z.boolean() });
const routes: AnyRoute[] = [
  route({
    method: "get",
    path: "/slow",
    summary: "routine",
    tag: "t",
    access: "public",
    response: ok,
    handler: async () => (hold(2), { ok: true }),
  }),
  route({
    method: "post",
    path: "/fire",
    summary: "fire lane",
    tag: "t",
    access: "public",
    lane: "fire",
    response: ok,
    handler: async () => ({ ok: true }),
  }),
  route({
    method: "post",
    path: "/fire-as-routine",
    summary: "the same, routine",
    tag: "t",
    access: "public",
    response: ok,
    handler: async () => ({ ok: true }),
  }),
];

let server: http.Server;
let port = 0;
beforeAll(async () => {
  // public routes touch no service unless a token is sent; none is
  const app = createHttpApp({ services: {} as Services, log: createLogger("silent"), routes, turnMs: 4 });
  server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function request(agent: http.Agent, method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

/** 60 routine requests under way, then `path`: how many routine ones were still unanswered when it was answered. */
async function unansweredWhenAnswered(path: string): Promise<number> {
  // every connection open before the load (as the readers of a console are), so the 60 requests arrive together
  const routine = new http.Agent({ keepAlive: true, maxSockets: 60 });
  const urgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await Promise.all(Array.from({ length: 60 }, () => request(routine, "GET", "/slow")));
  expect(await request(urgent, "POST", path)).toBe(200);
  let answered = 0;
  let started!: () => void;
  const fiveAnswered = new Promise<void>((r) => (started = r));
  const all = Promise.all(
    Array.from({ length: 60 }, () =>
      request(routine, "GET", "/slow").then((status) => {
        expect(status).toBe(200);
        if (++answered === 5) started();
      }),
    ),
  );
  await fiveAnswered;
  expect(await request(urgent, "POST", path)).toBe(200);
  const unanswered = 60 - answered;
  await all;
  routine.destroy();
  urgent.destroy();
  return unanswered;
}

describe("HTTP turns", () => {
  it("answers a fire-lane request ahead of the routine requests queued before it", async () => {
    // four routine requests a turn (4 ms, 2 ms each): the fire-lane one is answered within a turn or two
    expect(await unansweredWhenAnswered("/fire")).toBeGreaterThanOrEqual(20);
  });

  it("a routine request waits its turn behind them (what the fire lane is compared with)", async () => {
    expect(await unansweredWhenAnswered("/fire-as-routine")).toBeLessThan(20);
  });
});
