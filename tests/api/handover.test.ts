// Handing a device over to another member of its home (POST /api/devices/:id/handover {residentId}): the
// owner or the current responsible person may; the target must belong to the same home; the change is in
// the device's history. And unbinding, as the device page does it, through to the next binding.
// On SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface DeviceView {
  id: string;
  householdId: string | null;
  responsible: { residentId: string; name: string } | null;
  events: { type: string; note: string | null }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}
type Answer = DeviceView & ErrorBody;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`device hand-over and unbinding on ${provider}`, () => {
    let t: TestApi;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      t = await startTestApi({ provider });
      // resident ids as the family page knows them: from the household detail
      for (const key of ["zhangsan", "wangwu"]) {
        const home = t.demo.residents.find((r) => r.key === key)!.households[0]!.id;
        const d = await t.request<{ members: { residentId: string; nickname: string }[] }>(
          "GET",
          `/api/households/${home}`,
          { token: await t.loginResident(key) },
        );
        for (const m of d.body.members) ids[m.nickname] = m.residentId;
      }
    });
    afterAll(() => t?.close());

    const zhangsanHome = () => t.demo.residents[0]!.households[0]!.id;
    // the demo's two devices in Zhang San's home (客厅, 厨房), seeded without a responsible person
    const homeDevices = () => t.demo.devices.filter((d) => d.address === t.demo.residents[0]!.households[0]!.address);
    const handover = async (key: string, deviceId: string, residentId: string) =>
      t.request<Answer>("POST", `/api/devices/${deviceId}/handover`, {
        token: await t.loginResident(key),
        body: { residentId },
      });
    const row = (id: string) => t.api.db.prisma.device.findUniqueOrThrow({ where: { id } });

    it("lets the owner hand a device to a family member, who then answers for it; the history says so", async () => {
      const dev = homeDevices()[0]!;
      expect((await row(dev.id)).boundBy).toBeNull();
      const r = await handover("zhangsan", dev.id, ids["李四"]!);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.responsible).toEqual({ residentId: ids["李四"], name: "李四" });
      expect(r.body.events[0]).toMatchObject({ type: "handover", note: "移交给 李四" });
      expect((await row(dev.id)).boundBy).toBe(`resident:${ids["李四"]}`);
      // the history entry is the app's own, already processed: the alarm engine never picks it up
      const ev = await t.api.db.prisma.deviceEvent.findFirstOrThrow({
        where: { deviceId: dev.id, type: "handover" },
      });
      expect(ev).toMatchObject({ source: "app", processed: true });
      expect(JSON.parse(ev.payload)).toMatchObject({
        by: `resident:${ids["张三"]}`,
        from: null,
        to: `resident:${ids["李四"]}`,
      });
      // Li Si sees it on his side too
      const seen = await t.request<DeviceView>("GET", `/api/devices/${dev.id}`, {
        token: await t.loginResident("lisi"),
      });
      expect(seen.body.responsible?.name).toBe("李四");
    });

    it("lets the responsible person (not the owner) hand it back; a second hand-over to the same person is refused", async () => {
      const dev = homeDevices()[0]!;
      const again = await handover("zhangsan", dev.id, ids["李四"]!);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain("已经是");
      const back = await handover("lisi", dev.id, ids["张三"]!);
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(back.body.responsible?.name).toBe("张三");
      expect(back.body.events.filter((e) => e.type === "handover").map((e) => e.note)).toEqual([
        "李四 移交给 张三",
        "移交给 李四",
      ]);
    });

    it("refuses a family member who is neither the owner nor responsible for the device", async () => {
      const dev = homeDevices()[1]!;
      const r = await handover("lisi", dev.id, ids["李四"]!);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
      expect((await row(dev.id)).boundBy).toBeNull();
    });

    it("refuses a target outside the home with a clear 400, and answers 404 for unknown or foreign devices", async () => {
      const dev = homeDevices()[1]!;
      const outsider = await handover("zhangsan", dev.id, ids["王五"]!);
      expect(outsider.status).toBe(400);
      expect(outsider.body.error.code).toBe("VALIDATION_FAILED");
      expect(outsider.body.error.message).toContain("家庭成员");
      expect((await handover("zhangsan", dev.id, "no-such-resident")).status).toBe(400);
      expect((await row(dev.id)).boundBy).toBeNull();

      const wangwuDevice = t.demo.devices.find(
        (d) => d.address === t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.address,
      )!;
      const foreign = await handover("zhangsan", wangwuDevice.id, ids["张三"]!);
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe("NOT_FOUND");
      expect((await handover("zhangsan", "NO-SUCH-DEVICE", ids["张三"]!)).status).toBe(404);
      expect((await row(wangwuDevice.id)).boundBy).toBeNull();
    });

    it("lets only the owner or the responsible person unbind: a family member is refused and nothing changes", async () => {
      const dev = homeDevices()[1]!;
      const before = await row(dev.id);
      expect(before.boundBy).not.toBe(`resident:${ids["李四"]}`);
      const un = await t.request<ErrorBody>("POST", `/api/devices/${dev.id}/unbind`, {
        token: await t.loginResident("lisi"),
        body: {},
      });
      expect(un.status).toBe(403);
      expect(un.body.error.message).toContain("户主");
      const after = await row(dev.id);
      expect(after.householdId).toBe(before.householdId);
      expect(after.bindTokenHash).toBe(before.bindTokenHash);
    });

    it("unbinds from the device page's call, after which the home no longer has it and the new code binds it again", async () => {
      const dev = homeDevices()[1]!;
      const token = await t.loginResident("zhangsan");
      const un = await t.request<{ id: string; bindCode: string; bindQr: string } & ErrorBody>(
        "POST",
        `/api/devices/${dev.id}/unbind`,
        { token, body: {} },
      );
      expect(un.status, JSON.stringify(un.body)).toBe(200);
      expect(un.body.bindCode).toMatch(/^\S{6,}$/);
      expect((await t.request("GET", `/api/devices/${dev.id}`, { token })).status).toBe(404);
      const mine = await t.request<{ items: { id: string; devices: { id: string }[] }[] }>("GET", "/api/households", {
        token,
      });
      expect(mine.body.items[0]!.devices.map((d) => d.id)).not.toContain(dev.id);
      expect((await row(dev.id)).householdId).toBeNull();

      const rebind = await t.request<Answer>("POST", "/api/devices/bind", {
        token,
        body: { serial: dev.serial, bindCode: un.body.bindCode, householdId: zhangsanHome(), room: "书房" },
      });
      expect(rebind.status, JSON.stringify(rebind.body)).toBe(200);
      expect(rebind.body.householdId).toBe(zhangsanHome());
      // whoever binds it answers for it
      expect(rebind.body.responsible).toEqual({ residentId: ids["张三"], name: "张三" });
      // the history keeps the unbinding
      expect(rebind.body.events.some((e) => e.type === "unbind" && e.note === "已从住户解绑")).toBe(true);
    });
  });
}
