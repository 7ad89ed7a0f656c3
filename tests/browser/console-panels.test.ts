// The console's 用户信息传输装置 page (issue 16) in a browser: the supervisor sees the demo units' devices;
// after a demo device reports a detector's fire over plain TCP, the device shows 火警, the component is
// listed as abnormal and the event appears; the page passes axe; a device that has never connected (the
// demo's 万家福购物中心) says so, never "所有部件状态正常"; a unit nobody may see is not offered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";
import { WireClient, componentState, frame } from "../support/gb26875-wire.ts";
import { SESSION_COOKIE } from "../../api/src/transport/http/staff-session.ts";

const { unavailable, axe, shot } = consoleSuite("console panels");

describe.skipIf(unavailable !== null)("console: 用户信息传输装置", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi({ env: { GB26875_PORT: "0" } });
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows each device's state, abnormal components and recent events of a unit", async () => {
    const uitd = (t.demo.gb26875 as { devices: { address: string; unitId: string; unitName: string }[] }).devices[0]!;
    const client = await WireClient.connect(t.api.gb26875!.port);
    client.send(
      frame({
        serial: 5,
        source: uitd.address,
        data: componentState({ componentType: 40, componentAddress: 0x00010001, status: 0x0003 }),
      }),
    );
    expect(await client.reply(5)).toMatchObject({ command: 3 });
    client.close();
    await t.api.services.panels.ingest!.drain();
    // the alarm is applied off the confirm path: wait for it
    for (let i = 0; i < 200; i++) {
      if (await t.api.db.prisma.alarm.count({ where: { unitId: uitd.unitId, kind: "FIRE" } })) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const desk = await signInDesk(t, "supervisor", { next: `/console/panels?unit=${uitd.unitId}` });
    try {
      const { page } = desk;
      await expect(page.locator("h1").textContent()).resolves.toContain("用户信息传输装置");
      await expect(page.locator("h2").first().textContent()).resolves.toContain(uitd.unitName);
      const row = page.locator("#uitd-table tbody tr", { hasText: uitd.address });
      await expect(row.textContent()).resolves.toContain("火警");
      await expect(page.locator("#component-table").textContent()).resolves.toContain("火警");
      await expect(page.locator("#event-table").textContent()).resolves.toContain("部件或控制器报火警");
      expect(await page.locator("#unit option").count()).toBeGreaterThanOrEqual(1);
      await axe.check(page, "panels");
      await shot(page, "console-panels");
    } finally {
      await desk.close();
    }
  });

  it("says a device that never connected has not come online, not that its components are normal", async () => {
    type Uitd = { address: string; deviceId: string; unitId: string; unitName: string };
    const uitd = (t.demo.gb26875 as { devices: Uitd[] }).devices.find((d) => d.unitName === "万家福购物中心")!;
    // the demo's device on this unit has never sent a frame
    expect(await t.api.db.prisma.deviceStatus.count({ where: { deviceId: uitd.deviceId } })).toBe(0);
    const desk = await signInDesk(t, "supervisor", { next: `/console/panels?unit=${uitd.unitId}` });
    try {
      const { page } = desk;
      await expect(page.locator("h2").first().textContent()).resolves.toContain(uitd.unitName);
      const row = page.locator("#uitd-table tbody tr", { hasText: uitd.address });
      await expect(row.textContent()).resolves.toContain("未上线");
      const none = await page.locator("#component-none").textContent();
      expect(none).toContain("尚未上线（从未连接）");
      expect(none).not.toContain("所有部件状态正常");
      await axe.check(page, "panels, never connected");
    } finally {
      await desk.close();
    }
  });

  it("keeps the page from roles without units and residents' sessions", async () => {
    const token = await t.loginStaff("manager_a"); // a property manager: no networked units
    const r = await fetch(`${t.url}/console/panels`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
      redirect: "manual",
    });
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain("传输装置");
  });
});
