// A resident cannot close a fire as a false alarm or a test while the sensor still reports heavy smoke
// (issue 22, item 2): the API refuses with SMOKE_STILL_HIGH and a sentence that says why, the alarm stays
// open, and the alarm detail says so (smokeHigh) for the app to explain it before anyone taps. Staff close
// with the outcome they choose; anyone may close it as a real fire. On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Change {
  outcome: string;
  alarm: { status: string; resolution: string | null; report119: boolean } | null;
  error?: { code: string; message: string };
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`closing a smoky fire on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(Date.now());
    let seq = 0;

    beforeAll(async () => {
      t = await startTestApi({ provider, clock });
    });
    afterAll(() => t?.close());

    async function send(deviceId: string, type: string, extra: Record<string, unknown> = {}) {
      await t.api.services.ingest.submit(
        deviceId,
        JSON.stringify({ id: `s${++seq}`, ts: clock.now().getTime(), type, ...extra }),
        "test",
      );
      await t.api.services.ingest.drain();
      clock.advance(1000);
    }
    /** Zhang San's two devices (客厅, 厨房) and the open fire alarm of one of them. */
    const devices = () => t.demo.devices.filter((d) => d.address === t.demo.residents[0]!.households[0]!.address);
    async function openFire(deviceId: string): Promise<string> {
      const a = await t.api.db.prisma.alarm.findFirstOrThrow({
        where: { deviceId, kind: "FIRE", status: { not: "RESOLVED" } },
      });
      return a.id;
    }
    const resolve = async (token: string, id: string, resolution: string) =>
      t.request<Change>("POST", `/api/alarms/${id}/resolve`, { token, body: { resolution } });

    it("refuses a resident's 误报 and 是测试 while smoke is heavy, says why, and keeps the alarm open", async () => {
      const d = devices()[0]!;
      await send(d.id, "smoke_alarm", { smoke: 700 });
      const id = await openFire(d.id);
      const token = await t.loginResident("zhangsan");

      const detail = await t.request<{ device: { smokeHigh: boolean; smokeAlarm: boolean } }>(
        "GET",
        `/api/alarms/${id}`,
        { token },
      );
      expect(detail.body.device).toMatchObject({ smokeHigh: true, smokeAlarm: true });

      const falseAlarm = await resolve(token, id, "FALSE_ALARM");
      expect(falseAlarm.status).toBe(409);
      expect(falseAlarm.body.error?.code).toBe("SMOKE_STILL_HIGH");
      expect(falseAlarm.body.error?.message).toContain("不能按“误报”结束报警");
      const test = await resolve(token, id, "TEST");
      expect(test.status).toBe(409);
      expect(test.body.error?.message).toContain("不能按“测试”结束报警");

      const row = await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("ACTIVE");
      expect(row.resolution).toBeNull();

      // the smoke clears: now the resident may say it was a false alarm
      await send(d.id, "smoke_clear", { smoke: 30 });
      const after = await t.request<{ device: { smokeHigh: boolean } }>("GET", `/api/alarms/${id}`, { token });
      expect(after.body.device.smokeHigh).toBe(false);
      const ok = await resolve(token, id, "FALSE_ALARM");
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body).toMatchObject({ outcome: "resolved", alarm: { status: "RESOLVED", resolution: "FALSE_ALARM" } });
    });

    it("counts an alarm flag without a reading as heavy smoke", async () => {
      const d = devices()[1]!;
      await send(d.id, "smoke_alarm");
      const id = await openFire(d.id);
      const r = await resolve(await t.loginResident("lisi"), id, "TEST");
      expect(r.status).toBe(409);
      expect(r.body.error?.code).toBe("SMOKE_STILL_HIGH");
      // property staff close it with the outcome they choose
      const staff = await resolve(await t.loginStaff("manager_a"), id, "TEST");
      expect(staff.status, JSON.stringify(staff.body)).toBe(200);
      expect(staff.body.alarm).toMatchObject({ status: "RESOLVED", resolution: "TEST" });
    });

    it("lets a resident close a smoky fire as a real fire (marked for 119)", async () => {
      const d = devices()[0]!;
      await send(d.id, "smoke_alarm", { smoke: 900 });
      const id = await openFire(d.id);
      const r = await resolve(await t.loginResident("zhangsan"), id, "REAL_FIRE");
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.alarm).toMatchObject({ status: "RESOLVED", resolution: "REAL_FIRE", report119: true });
    });
  });
}
