import { describe, expect, it } from "vitest";
import { ThreadAnswers } from "./thread-answers.ts";

/** runs each turn when the test says so */
function manualTurns() {
  const booked: (() => void)[] = [];
  return { booked, schedule: (fn: () => void) => void booked.push(fn), next: () => booked.shift()!() };
}

describe("the broker thread's answers", () => {
  it("settles a fire message's answer as it arrives, ahead of the routine answers that take turns", async () => {
    const turns = manualTurns();
    const answers = new ThreadAnswers(64, turns.schedule);
    const sent: number[] = [];
    const settled: string[] = [];
    const routine = Array.from({ length: 640 }, (_, k) =>
      answers.ask((s) => sent.push(s)).then(() => void settled.push(`routine ${k}`)),
    );
    const fire = answers.ask((s) => sent.push(s), true).then(() => void settled.push("fire"));
    expect(sent).toHaveLength(641);
    expect(answers.pending).toEqual({ asked: 641, queued: 0 });

    // one batch from the API's thread: the 640 routine answers, then the fire's
    for (const seq of sent) answers.receive({ t: "stored", seq });
    await fire;
    expect(settled).toEqual(["fire"]);
    expect(answers.pending).toEqual({ asked: 640, queued: 640 });

    // the routine answers go 64 a turn, in the order they came
    for (let turn = 1; turn <= 10; turn++) {
      turns.next();
      await Promise.resolve();
      expect(answers.pending.queued).toBe(640 - 64 * turn);
    }
    await Promise.all(routine);
    expect(settled.slice(1)).toEqual(Array.from({ length: 640 }, (_, k) => `routine ${k}`));
    expect(turns.booked).toHaveLength(0);
    expect(answers.pending).toEqual({ asked: 0, queued: 0 });
  });

  it("rejects with the API's reason, gives a secret's hash, and ignores an answer it did not ask for", async () => {
    const turns = manualTurns();
    const answers = new ThreadAnswers(8, turns.schedule);
    let fireSeq = 0;
    let secretSeq = 0;
    const fire = answers.ask((s) => (fireSeq = s), true);
    const secret = answers.ask((s) => (secretSeq = s));
    answers.receive({ t: "stored", seq: fireSeq, error: "the database is full" });
    await expect(fire).rejects.toThrow("the database is full");
    answers.receive({ t: "secret", seq: secretSeq, hash: "h" });
    answers.receive({ t: "stored", seq: 999 });
    turns.next();
    await expect(secret).resolves.toBe("h");
    expect(answers.pending).toEqual({ asked: 0, queued: 0 });
  });
});
