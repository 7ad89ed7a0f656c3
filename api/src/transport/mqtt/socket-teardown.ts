// A device's socket torn down in a later turn once the device is gone (issue 21). When 10,000 devices drop at
// once (a power cut resets their connections; a gateway closes them), libuv hands the broker's loop every
// dead socket in one poll phase, and Node tears each one down right there: the handle's close, the stream's
// errors and events, aedes's client cleanup. About 50 µs a socket, so half a second to a second in which the
// loop reads no socket, a fire alarm's among them (docs/performance.md, "Mass resets in turns"). Here, once
// the peer is gone, that work waits for `later` (broker-core.ts: a Drip, shared/drip.ts, a few dozen a turn of
// the loop), so the loop polls its sockets between a few dozen teardowns.
//
// The peer is gone when a read or a write on the socket failed (an error from the system call: ECONNRESET,
// EPIPE, ETIMEDOUT ...) or when its stream ended (FIN). Until then every destroy is immediate, so the
// connection guard's refusals and aedes's own closes act at once. Once gone, libuv has stopped reading the
// socket; the first destroy is run by `later`, with its error, and the ones after it wait for that one.
import type { Socket } from "node:net";

/** Defers `fn` to a later turn of the loop. */
export type Later = (fn: () => void) => void;

const fromTheSystem = (err: unknown): boolean =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === "string";

/** Call once, right after the socket is accepted and before anything else listens to it. */
export function teardownInTurns(socket: Socket, later: Later): void {
  let gone = false;
  let destroying = false;
  const destroy = socket.destroy;
  const emit = socket.emit as (this: Socket, event: string | symbol, ...args: unknown[]) => boolean;

  socket.destroy = function deferredDestroy(this: Socket, ...args: Parameters<Socket["destroy"]>): Socket {
    if (!gone && fromTheSystem(args[0])) gone = true;
    if (!gone) return destroy.apply(socket, args);
    if (!destroying) {
      destroying = true;
      later(() => destroy.apply(socket, args));
    }
    return socket;
  };

  // the stream's end (FIN): every 'end' listener (aedes's client close, Node's own end of the writable side,
  // which then destroys the socket) runs in a later turn
  socket.emit = function deferredEnd(this: Socket, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "end") return emit.call(socket, event, ...args);
    gone = true;
    later(() => emit.call(socket, event, ...args));
    return true;
  } as Socket["emit"];
}
