// A door for fire messages from another thread (issue 21): the broker thread reads a fire alarm's packet and
// hands it to the API's thread, which stores it and starts its first step. A message between threads is
// delivered in the receiving loop's poll phase, so the fire waited for whatever that loop was doing: a turn of
// routine HTTP answers, a routine commit, the routine messages let in a few hundred a turn (bench trace: read
// -> handed p99 28-50 ms under load). Here the sending thread posts the fire on a channel of its own and rings
// a bell (a counter in shared memory); the API's routine work answers the door at its safe points
// (`answerFireDoors`: between routine HTTP answers, before a routine commit, between routine messages let in),
// taking the fire from its channel there and then (`receiveMessageOnPort`). A fire that comes while the loop has
// nothing routine to do is delivered as any message is. Each message is handled once, whichever way it comes.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** What the sending thread holds (handed to it in workerData, the port in the transfer list). */
export interface FireDoorOutside {
  port: MessagePort;
  bell: Int32Array;
}

const doors = new Set<FireDoor<never>>();

/** The receiving side, on the API's thread: `handle` gets each message once, at a safe point or as it comes. */
export class FireDoor<T> {
  readonly outside: FireDoorOutside;
  private readonly port: MessagePort;
  private readonly bell: Int32Array;
  /** messages handled, either way (the bell counts those rung; both wrap as 32-bit integers) */
  private handled = 0;

  constructor(private readonly handle: (m: T) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.bell = new Int32Array(new SharedArrayBuffer(4));
    this.outside = { port: port2, bell: this.bell };
    port1.on("message", (m: T) => this.take(m));
    doors.add(this as FireDoor<never>);
  }

  /** A message was rung and is not handled yet: a fire waits on the other side. */
  rung(): boolean {
    return ((Atomics.load(this.bell, 0) - this.handled) | 0) > 0;
  }

  /** Takes what was rung and not yet handled, now. */
  answer(): void {
    if (!this.rung()) return;
    for (let r = receiveMessageOnPort(this.port); r; r = receiveMessageOnPort(this.port)) this.take(r.message as T);
  }

  private take(m: T): void {
    this.handled = (this.handled + 1) | 0;
    this.handle(m);
  }

  close(): void {
    doors.delete(this as FireDoor<never>);
    this.port.close();
  }
}

/** The sending side: posts the message, then rings (the message is on the channel before the bell says so). */
export function ringFireDoor(outside: FireDoorOutside, message: unknown): void {
  outside.port.postMessage(message);
  Atomics.add(outside.bell, 0, 1);
}

/** Routine work's safe point: every door of this thread answered. Nothing to do is one load a door. */
export function answerFireDoors(): void {
  if (doors.size) for (const d of doors) d.answer();
}

/**
 * A fire waits at one of this thread's doors. Routine work that cannot be interrupted (a SQLite transaction)
 * asks this between its pieces, to end early and let the fire in (ingest-store.ts): one load a door.
 */
export function fireDoorsRung(): boolean {
  if (doors.size) for (const d of doors) if (d.rung()) return true;
  return false;
}
