import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { teardownInTurns } from "./socket-teardown.ts";

/** A server on 127.0.0.1 whose accepted socket tears down through `later`, which only queues: the test runs the turns. */
async function pair() {
  const turns: (() => void)[] = [];
  const events: string[] = [];
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<net.Socket>((resolve) =>
    server.once("connection", (socket) => {
      teardownInTurns(socket, (fn) => turns.push(fn));
      socket.on("error", (e: NodeJS.ErrnoException) => events.push(`error ${e.code ?? e.message}`));
      socket.on("end", () => events.push("end"));
      socket.on("close", () => events.push("close"));
      socket.resume();
      resolve(socket);
    }),
  );
  const client = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
  client.on("error", () => undefined);
  const socket = await accepted;
  /** runs the queued turns (and the ones they queue) until none is left */
  const runTurns = () => {
    for (let n = 0; n < 100 && turns.length; n++) turns.shift()!();
  };
  return { server, client, socket, turns, events, runTurns };
}

let open: net.Server[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => new Promise((r) => s.close(r))));
  open = [];
});

describe("teardownInTurns: a gone device's socket is torn down in a later turn", () => {
  it("a reset waits for the turn, then errors and closes as before", async () => {
    const p = await pair();
    open.push(p.server);
    p.client.resetAndDestroy();
    await vi.waitFor(() => expect(p.turns.length).toBe(1), { timeout: 5000, interval: 5 });
    // the read failed in the poll phase: nothing of the teardown has run there
    await new Promise((r) => setImmediate(r));
    expect(p.socket.destroyed).toBe(false);
    expect(p.events).toEqual([]);
    p.runTurns();
    await vi.waitFor(() => expect(p.events).toEqual(["error ECONNRESET", "close"]), { timeout: 5000, interval: 5 });
    expect(p.socket.destroyed).toBe(true);
  });

  it("a device that closes (FIN): its 'end' and the socket's destroy wait for turns, then it closes", async () => {
    const p = await pair();
    open.push(p.server);
    p.client.end();
    await vi.waitFor(() => expect(p.turns.length).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    expect(p.events).toEqual([]); // 'end' is queued, not emitted
    // the 'end' turn ends the writable side; the shutdown completes in a poll phase and its destroy is queued
    await vi.waitFor(
      () => {
        p.runTurns();
        expect(p.events).toEqual(["end", "close"]);
      },
      { timeout: 5000, interval: 5 },
    );
    expect(p.socket.destroyed).toBe(true);
  });

  it("the broker's own destroy (the guard's refusal, aedes's close) is immediate while the device is there", async () => {
    const p = await pair();
    open.push(p.server);
    p.socket.destroy();
    expect(p.socket.destroyed).toBe(true);
    const withError = await pair();
    open.push(withError.server);
    withError.socket.destroy(new Error("topic not allowed")); // not from the system: the broker decided
    expect(withError.socket.destroyed).toBe(true);
    await vi.waitFor(() => expect(withError.events).toEqual(["error topic not allowed", "close"]), {
      timeout: 5000,
      interval: 5,
    });
    expect(p.turns).toEqual([]);
    expect(withError.turns).toEqual([]);
  });

  it("once gone, more destroys (a write that failed meanwhile) queue no second teardown", async () => {
    const p = await pair();
    open.push(p.server);
    p.client.resetAndDestroy();
    await vi.waitFor(() => expect(p.turns.length).toBe(1), { timeout: 5000, interval: 5 });
    p.socket.destroy();
    p.socket.destroy(Object.assign(new Error("write EPIPE"), { code: "EPIPE", syscall: "write" }));
    expect(p.turns.length).toBe(1);
    expect(p.socket.destroyed).toBe(false);
    p.runTurns();
    // the first destroy's error is the one reported
    await vi.waitFor(() => expect(p.events).toEqual(["error ECONNRESET", "close"]), { timeout: 5000, interval: 5 });
  });
});
