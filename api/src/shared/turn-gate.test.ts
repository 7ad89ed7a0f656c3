import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { TurnGate } from "./turn-gate.ts";

// The gate's clock is the test's: each piece of routine work "takes" `cost` by moving it on, so how many run in
// a turn follows from the budget alone, whatever the machine's speed.
function setup(budgetMs: number, cost: number) {
  let t = 0;
  const gate = new TurnGate(budgetMs, () => t);
  const done: number[] = [];
  let turn = 0;
  const turns: number[] = []; // the turn each piece ran in
  const hooks = { onPiece: (_n: number): unknown => undefined };
  // a turn counter: an immediate queued in each check phase runs in the next one
  let counting = true;
  const tick = () => {
    turn++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  const submit = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        gate.wait().then(() => {
          t += cost;
          done.push(i);
          turns.push(turn);
          hooks.onPiece(done.length);
        }),
      ),
    ).finally(() => (counting = false));
  return {
    gate,
    submit,
    done,
    turns,
    set onPiece(f: (n: number) => unknown) {
      hooks.onPiece = f;
    },
  };
}

describe("TurnGate", () => {
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  it("runs a turn's budget of routine work, then the rest in later turns, in arrival order", async () => {
    const s = setup(4, 1);
    await s.submit(20);
    expect(s.done).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // 4 ms of budget, 1 ms a piece: four pieces a turn, in five consecutive turns
    const perTurn = new Map<number, number>();
    for (const t of s.turns) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    expect([...perTurn.values()]).toEqual([4, 4, 4, 4, 4]);
    expect(s.gate.queued).toBe(0);
    expect(s.gate.deferred).toBeGreaterThan(0);
  });

  it("lets at least one piece through every turn, however long a piece takes", async () => {
    const s = setup(4, 100);
    await s.submit(5);
    expect(s.done).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(s.turns).size).toBe(5);
  });

  // a loopback connection whose bytes are sent while the first routine piece runs; how many pieces had run
  // when the receiving side read them
  async function readAmong(budgetMs: number): Promise<number> {
    const s = setup(budgetMs, 1);
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const accepted = new Promise<net.Socket>((r) => server.once("connection", r));
    const client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
    await new Promise((r) => client.once("connect", r));
    const peer = await accepted;
    let doneWhenRead = -1;
    const read = new Promise<void>((r) =>
      peer.once("data", () => {
        doneWhenRead = s.done.length;
        r();
      }),
    );
    s.onPiece = (n) => n === 1 && client.write("fire");
    await s.submit(1000);
    await read;
    client.destroy();
    peer.destroy();
    return doneWhenRead;
  }

  it("reads a socket between turns: bytes that arrive behind 1,000 routine pieces are read before most of them", async () => {
    // 250 turns of four pieces: the bytes are read within a few turns of being sent
    const n = await readAmong(4);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(100);
  });

  it("with a budget no turn reaches (everything released at once) the same bytes wait for all the routine work", async () => {
    // the comparison that shows the test above can fail
    expect(await readAmong(1e9)).toBe(1000);
  });
});
