// A transmission device silent for its patrol interval is offline (issue 16): the gateway's sweep marks it
// so, with an OFFLINE alarm on the unit; its next frame brings it back and closes the alarm. The clock is
// a manual one: the test moves it past the demo device's 300 s patrol interval and the grace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { WireClient, frame } from "../support/gb26875-wire.ts";

describe("GB/T 26875.3 device offline", () => {
  let t: TestApi;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    t = await startTestApi({ clock, env: { GB26875_PORT: "0" } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const until = async <T>(read: () => Promise<T | null | undefined>, ms = 20_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (v !== null && v !== undefined) return v;
      if (Date.now() > end) throw new Error("condition not reached in time");
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it("raises OFFLINE when a device goes silent and clears it when it speaks again", async () => {
    const uitd = (t.demo.gb26875 as { devices: { address: string; deviceId: string; unitId: string }[] }).devices[0]!;
    const prisma = t.api.db.prisma;
    const port = t.api.gb26875!.port;
    const c = await WireClient.connect(port);
    c.send(frame({ serial: 1, source: uitd.address, at: clock.now() }));
    expect(await c.reply(1)).toMatchObject({ command: 3 });
    expect((await prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: uitd.deviceId } })).online).toBe(true);

    clock.advance((300 + 61) * 1000); // patrol interval and grace, without a word
    const alarm = await until(() =>
      prisma.alarm.findFirst({ where: { deviceId: uitd.deviceId, kind: "OFFLINE", status: "ACTIVE" } }),
    );
    expect(alarm).toMatchObject({ unitId: uitd.unitId, source: "gb26875" });
    expect((await prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: uitd.deviceId } })).online).toBe(false);
    await until(async () => (c.closed ? true : null)); // the silent session was closed

    const back = await WireClient.connect(port);
    back.send(frame({ serial: 2, source: uitd.address, at: clock.now() }));
    expect(await back.reply(2)).toMatchObject({ command: 3 });
    const closed = await until(async () => {
      const a = await prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      return a.status === "RESOLVED" ? a : null;
    });
    expect(closed.resolution).toBe("CONDITION_CLEARED");
    expect((await prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: uitd.deviceId } })).online).toBe(true);
    back.close();
  }, 60_000);
});
