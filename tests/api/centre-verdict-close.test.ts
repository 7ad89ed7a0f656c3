// A verdict of no fire given on 火警确认 (POST /api/centre/alarms/:id/verdict) closes a networked unit's fire
// signal as any close does, on both databases: the alarm engine's listeners hear the close as the verdict is
// given, once. It used to close the alarm with a write of its own: the building's sounders stayed on until
// linkage's sweep found the alarm (every 5 s, after a 10 s grace), and the live feed and the residents' chain
// heard nothing. Here the clock does not move after the verdict, so the sweep, which leaves an alarm 10 s to
// its listener, cannot be what switches the sounders off. Two verdicts at once: one stands, heard once; a close
// on the live board (处置完毕) is heard once too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import type { HeardChange } from "../../api/src/modules/alarms/alarm-service.ts";
import type { LiveEvent } from "../../api/src/modules/notifications/live-feed.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { providers } from "../support/databases.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a verdict of no fire closes the alarm as any close does, on ${provider}`, () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 2, 0, 0));
    let t: TestApi;
    let admin: string;
    let operator: string;
    let unit: { deviceId: string; unitId: string };
    let buildingId: string;
    let sounders: string[];
    let serial = 0;
    const heard: HeardChange[] = [];
    const live: LiveEvent[] = [];

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
      admin = await t.loginStaff("admin");
      operator = await t.loginStaff("yy_zhiban1"); // the demo hospital's control room
      unit = (t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } }).gb26875
        .devices[0]!;
      // a building of the unit with two sound-and-light alarms of its own (linkage sounds the whole building)
      const p = t.api.db.prisma;
      buildingId = (await p.unitBuilding.create({ data: { unitId: unit.unitId, name: "联动测试楼", floorsAbove: 5 } }))
        .id;
      sounders = [];
      for (const floor of [1, 4]) {
        const id = `verdict-sl-${floor}`;
        await p.device.create({
          data: {
            id,
            serial: id,
            modelId: "AX-SL10",
            secretHash: "x",
            unitId: unit.unitId,
            unitBuildingId: buildingId,
            floor,
          },
        });
        sounders.push(id);
      }
      t.api.services.alarms.onChange((change) => void heard.push(change));
      t.api.services.notifications.live.subscribe({ staffId: "wall", communities: "all", send: (e) => live.push(e) });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    /** A fire signal from the unit's transmission device in that building; its sounders switched on. */
    async function signal(location: string): Promise<string> {
      const device = (await t.api.services.deviceDirectory.get(unit.deviceId))!;
      const change = await t.api.services.alarms.raiseAt(device, "FIRE", clock.now(), `verdict-close-${++serial}`, {
        point: `3/1/${serial}`,
        source: "gb26875",
        unitId: unit.unitId,
        unitBuildingId: buildingId,
        floor: 2,
        location,
      });
      const id = change.alarm!.id;
      await t.api.services.centre.service.inflight.idle();
      await t.api.services.sensors.settle();
      expect((await commands(id, "sounder_on")).map((c) => c.deviceId).sort()).toEqual([...sounders].sort());
      return id;
    }
    const commands = (alarmId: string, type: string) =>
      t.api.db.prisma.deviceCommand.findMany({ where: { requestedBy: `system:linkage:${alarmId}`, type } });
    const closes = (alarmId: string) => heard.filter((c) => c.outcome === "resolved" && c.alarm.id === alarmId);
    const verdict = (id: string, token: string, body: { verdict: string; cause?: string }) =>
      t.request<{ verdict: string; error?: { message: string } }>("POST", `/api/centre/alarms/${id}/verdict`, {
        token,
        body,
      });

    it("switches the sounders off and tells the live feed at once, heard once by the alarm engine's listeners", async () => {
      const id = await signal("联动测试楼 2 层 配电室");
      const fedBefore = live.length;
      const r = await verdict(id, operator, { verdict: "FALSE_ALARM", cause: "配电室粉尘" });
      expect(r.status).toBe(200);
      // heard as the verdict was given, with the alarm closed
      expect(closes(id).map((c) => [c.alarm.status, c.alarm.resolution])).toEqual([["RESOLVED", "FALSE_ALARM"]]);
      // the live feed has the close, as for any close (the board takes the card off)
      const fed = live.slice(fedBefore).filter((e) => e.type === "alarm" && e.alarmId === id);
      expect(fed.map((e) => e.data)).toEqual(
        expect.arrayContaining([expect.objectContaining({ outcome: "resolved", resolution: "FALSE_ALARM" })]),
      );
      // linkage switches the building's sounders off: the clock has not moved, so not the sweep
      await t.api.services.sensors.settle();
      const off = await commands(id, "sounder_off");
      expect(off.map((c) => c.deviceId).sort()).toEqual([...sounders].sort());
      expect(off.every((c) => c.status === "SENT")).toBe(true);
      expect(await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "RESOLVED",
        verdict: "FALSE_ALARM",
        linkagePhase: "resolved",
      });
      // the timeline: one close, in the centre's words
      const lines = await t.api.db.prisma.alarmAction.findMany({ where: { alarmId: id, action: "resolved" } });
      expect(lines.map((x) => x.note)).toEqual(["单位确认：误报（配电室粉尘）"]);
    });

    it("of two verdicts at once one stands, and its close is heard once", async () => {
      const id = await signal("联动测试楼 3 层 走廊");
      const [a, b] = await Promise.all([
        verdict(id, operator, { verdict: "TEST", cause: "消防演练" }),
        verdict(id, admin, { verdict: "FAULT" }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      await t.api.services.sensors.settle();
      const stood = a.status === 200 ? "TEST" : "DEVICE_FAULT";
      expect(closes(id).map((c) => c.alarm.resolution)).toEqual([stood]);
      expect((await commands(id, "sounder_off")).length).toBe(sounders.length);
    });

    it("a close on the live board (处置完毕) records the verdict and is heard once, as before", async () => {
      const id = await signal("联动测试楼 4 层 仓库");
      const r = await t.request("POST", `/api/alarms/${id}/resolve`, {
        token: admin,
        body: { resolution: "DEVICE_FAULT", note: "探测器故障" },
      });
      expect(r.status).toBe(200);
      expect(closes(id).map((c) => c.alarm.resolution)).toEqual(["DEVICE_FAULT"]);
      await t.api.services.sensors.settle();
      expect((await commands(id, "sounder_off")).length).toBe(sounders.length);
      expect(await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id } })).toMatchObject({ verdict: "FAULT" });
    });
  });
}
