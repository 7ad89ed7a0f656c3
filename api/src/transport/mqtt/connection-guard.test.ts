import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ConnectionGuard } from "./connection-guard.ts";
import { Metrics } from "../../shared/metrics.ts";
import type { Logger } from "../../shared/logger.ts";

const log = { warn: () => undefined } as unknown as Logger;

function fakeSocket(address = "192.0.2.1") {
  const s = new EventEmitter() as EventEmitter & { remoteAddress: string; destroyed: boolean; destroy(): void };
  s.remoteAddress = address;
  s.destroyed = false;
  s.destroy = () => {
    s.destroyed = true;
    s.emit("close");
  };
  return s;
}

const guard = () =>
  new ConnectionGuard(
    { maxPerAddress: 3, maxPendingPerAddress: 2, maxConnectBytes: 64, maxPacketBytes: 200 },
    new Metrics(),
    log,
  );

/** A packet: type nibble, remaining length as MQTT's variable-length integer, then that many bytes. */
function packet(type: number, length: number): Buffer {
  const len: number[] = [];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    len.push(b);
  } while (n > 0);
  return Buffer.concat([Buffer.from([type << 4, ...len]), Buffer.alloc(length, 1)]);
}

function feed(s: EventEmitter & { destroyed?: boolean }, bytes: Buffer, chunk: number): void {
  for (let i = 0; i < bytes.length && !s.destroyed; i += chunk) s.emit("data", bytes.subarray(i, i + chunk));
}

describe("MQTT connection guard", () => {
  it("follows packets split anywhere across chunks, one byte at a time included", () => {
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const g = guard();
      const s = fakeSocket();
      expect(g.admit(s as unknown as Socket)).toBe(true);
      g.watch(s as unknown as Socket);
      feed(s, Buffer.concat([packet(1, 40), packet(3, 150), packet(12, 0), packet(3, 200)]), chunk);
      expect(s.destroyed, `chunk ${chunk}`).toBe(false);
    }
  });

  it("closes on a CONNECT over its limit, a later packet over its limit, a first packet that is not CONNECT", () => {
    for (const bytes of [packet(1, 65), Buffer.concat([packet(1, 10), packet(3, 201)]), packet(3, 5)]) {
      const g = guard();
      const s = fakeSocket();
      g.admit(s as unknown as Socket);
      g.watch(s as unknown as Socket);
      feed(s, bytes, 1);
      expect(s.destroyed).toBe(true);
    }
  });

  it("counts connections per address: pending ones until their CONNECT, all until they close", () => {
    const g = guard();
    const a = fakeSocket();
    const b = fakeSocket();
    expect(g.admit(a as unknown as Socket)).toBe(true);
    expect(g.admit(b as unknown as Socket)).toBe(true);
    const c = fakeSocket();
    expect(g.admit(c as unknown as Socket)).toBe(false); // two silent already
    g.watch(a as unknown as Socket);
    feed(a, packet(1, 10), 100); // a is through CONNECT
    const d = fakeSocket();
    expect(g.admit(d as unknown as Socket)).toBe(true);
    expect(g.admit(fakeSocket("192.0.2.9") as unknown as Socket)).toBe(true); // another address
    expect(g.admit(fakeSocket() as unknown as Socket)).toBe(false); // 3 open from 192.0.2.1
    b.destroy();
    expect(g.admit(fakeSocket() as unknown as Socket)).toBe(true);
  });
});
