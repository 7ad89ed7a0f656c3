// The broker thread's questions to the API's thread (a device's secret, a message to store) and their answers
// (issue 21). Answers come in arrays of thousands in a storm, and each lets aedes go on with its client (a
// PUBACK, a CONNACK and the packets it queued). Let go all at once they held the thread's loop for most of a
// second in a bench run, and a fire alarm's packet waited unread behind them: they are let go `perTurn` at a
// time, the sockets read between turns. A fire message's answer (its PUBACK) does not take its place in that
// queue: it is let go as it arrives, ahead of the routine answers (a bench run's fire PUBACK p99 was 118 ms
// with storms while it waited behind them).
import { Drip } from "../../shared/drip.ts";

export type Answer =
  { t: "stored"; seq: number; error?: string } | { t: "secret"; seq: number; hash: string | null; error?: string };

export class ThreadAnswers {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: string | null) => void; reject: (e: Error) => void }>();
  /** the fire questions not yet answered */
  private readonly fire = new Set<number>();
  private readonly drip: Drip;

  constructor(perTurn: number, schedule?: (fn: () => void) => void) {
    this.drip = new Drip(perTurn, schedule);
  }

  /** Asks: `send` posts the question with its number; a fire question's answer skips the queue. */
  ask(send: (seq: number) => void, fire = false): Promise<string | null> {
    const s = ++this.seq;
    if (fire) this.fire.add(s);
    return new Promise((resolve, reject) => {
      this.waiting.set(s, { resolve, reject });
      send(s);
    });
  }

  /** An answer from the API's thread: a fire one settles now, the rest take their turn. */
  receive(m: Answer): void {
    if (this.fire.delete(m.seq)) this.settle(m);
    else this.drip.push(() => this.settle(m));
  }

  /** questions not yet answered, and answers waiting for their turn */
  get pending(): { asked: number; queued: number } {
    return { asked: this.waiting.size, queued: this.drip.size };
  }

  private settle(m: Answer): void {
    const w = this.waiting.get(m.seq);
    this.waiting.delete(m.seq);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve(m.t === "secret" ? m.hash : null);
  }
}
