// A carrier platform's offline report (issue 20): CTWing's deviceOnlineOfflineReport with eventType 0 and
// OneNET's type 2 message with status 0 mark the device offline as the platform says: stored before the 200,
// shown as 离线 with the report in the history, a repeated push changes nothing, `online` or any data report
// brings the device back. It raises nothing at once (a sleeping NB-IoT device detaches routinely): the
// OFFLINE alarm comes from the sweeper when the model's missed heartbeats have passed, as for every device
// (docs/carriers.md). Push bodies are written by hand from the platforms' documented formats (FIELD-FACTS
// section 3; the shapes of ctwing-push.test.ts and onenet-push.test.ts), not by our code.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const CTWING_TOKEN = "ctwing-offline-token-0123456789";
const ONENET_TOKEN = "onenet-offline-token";
const START = Date.UTC(2026, 10, 28, 3, 0, 0);
const MIN = 60_000;

// the demo's carrier identities (prisma/seed/sensors-demo.ts DEMO_NBIOT), as the platforms name them
const ctwingData = (ts: number, alarmStatus = 7) =>
  `{"upPacketSN":-1,"upDataSN":-1,"topic":"v1/up/ad19prof","timestamp":${ts},"tenantId":"10461180","serviceId":"",` +
  `"protocol":"lwm2m","productId":"17100001","payload":{"serviceId":"notification","serviceData":{"TData":30,"SNR":1,` +
  `"RSRP":114,"IMEI":"869975030000011","Cell_ID_Length":8,"Cell_ID":"38848339","CSQ":5,"Battery_Level":90,` +
  `"Alarm_Status":${alarmStatus},"AlarmLevel":100}},"messageType":"dataReport","deviceType":"",` +
  `"deviceId":"17100001a1b2c3d4","assocAssetId":"","IMSI":"undefined","IMEI":"869975030000011"}`;
const ctwingOnOff = (ts: number, eventType: 0 | 1) =>
  `{"timestamp":${ts},"tenantId":"2000033827","protocol":"lwm2m","productId":"17100001",` +
  `"messageType":"deviceOnlineOfflineReport","iccid":"undefined","eventType":${eventType},"deviceId":"17100001a1b2c3d4"}`;

const md5b64 = (s: string) => createHash("md5").update(s).digest("base64");
const onenetBody = (msgText: string, nonce = "n0nce0ff") =>
  `{"msg":${msgText},"msg_signature":"${md5b64(ONENET_TOKEN + nonce + msgText)}","nonce":"${nonce}"}`;
const onenetStatus = (at: number, status: 0 | 1) =>
  `{"at":${at},"login_type":10,"type":2,"dev_id":520000001,"status":${status}}`;
const onenetPoint = (at: number, value: number) =>
  `{"at":${at},"type":1,"ds_id":"Gas_Concentration","value":${value},"dev_id":520000001,"imei":"869975030000022"}`;

interface DeviceDetail {
  state: string;
  status: { online: boolean; lastSeenAt: string | null } | null;
  events: { type: string; ts: string; note: string | null }[];
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a carrier platform's offline report on ${provider}`, () => {
    let t: TestApi;
    const clock = new ManualClock(START);
    const device = (platform: "ctwing" | "onenet") =>
      (t.demo.devices as DemoSensorDevice[]).find((d) => d.carrier?.platform === platform)!;
    const post = async (path: string, body: string) => {
      const res = await fetch(`${t.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: res.status, body: (await res.json()) as { stored: number; duplicates: number } };
    };
    const ctwing = (body: string) => post(`/api/ingest/ctwing?token=${CTWING_TOKEN}`, body);
    const onenet = (msgText: string) => post("/api/ingest/onenet", onenetBody(msgText));
    const status = (id: string) => t.api.db.prisma.deviceStatus.findUniqueOrThrow({ where: { deviceId: id } });
    const alarms = (id: string) =>
      t.api.db.prisma.alarm.findMany({ where: { deviceId: id }, orderBy: { startedAt: "asc" } });
    const detail = async (id: string) => {
      t.clearTokens(); // the manual clock moves past a token's lifetime
      const token = await t.loginStaff("manager_a");
      const res = await t.request<DeviceDetail>("GET", `/api/devices/${id}`, { token });
      expect(res.status).toBe(200);
      return res.body;
    };

    beforeAll(async () => {
      t = await startTestApi({
        provider,
        clock,
        env: { CTWING_PUSH_TOKEN: CTWING_TOKEN, ONENET_PUSH_TOKEN: ONENET_TOKEN },
      });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it("CTWing eventType 0: offline with the time, in the history, stored before the 200, nothing raised; again changes nothing", async () => {
      const d = device("ctwing");
      const heard = clock.now().getTime();
      expect(await ctwing(ctwingData(heard))).toMatchObject({ status: 200, body: { stored: 1 } });
      expect(await status(d.id)).toMatchObject({ online: true });

      clock.advance(10 * MIN);
      const offAt = clock.now().getTime() - 2000; // the platform's clock: two seconds before it reached us
      const off = await ctwing(ctwingOnOff(offAt, 0));
      expect(off).toMatchObject({ status: 200, body: { stored: 1, duplicates: 0 } });
      // stored when answered: no drain needed to see it
      const s = await status(d.id);
      expect(s.online).toBe(false);
      expect(s.updatedAt.getTime()).toBe(offAt); // offline since the platform's report
      expect(s.lastSeenAt!.getTime()).toBe(heard); // last heard from the device itself
      const view = await detail(d.id);
      expect(view.state).toBe("offline");
      expect(view.events[0]).toMatchObject({ type: "offline", ts: new Date(offAt).toISOString() });
      expect(view.events[0]!.note).toContain("CTWing");

      await t.api.services.ingest.drain();
      expect(await alarms(d.id)).toEqual([]); // no fire, no OFFLINE alarm, nobody paged
      expect(await t.api.services.offlineSweeper.sweep()).not.toContain(d.id); // within the model's window
      expect(await alarms(d.id)).toEqual([]);

      const again = await ctwing(ctwingOnOff(offAt, 0));
      expect(again).toMatchObject({ status: 200, body: { stored: 0, duplicates: 1 } });
      expect(await t.api.db.prisma.deviceEvent.count({ where: { deviceId: d.id, type: "offline" } })).toBe(1);
    });

    it("eventType 1 brings it back; the old offline report repeated then changes nothing", async () => {
      const d = device("ctwing");
      clock.advance(5 * MIN);
      expect(await ctwing(ctwingOnOff(clock.now().getTime(), 1))).toMatchObject({ status: 200, body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(true);
      expect((await detail(d.id)).state).not.toBe("offline");
      const offAt = (await t.api.db.prisma.deviceEvent.findFirstOrThrow({
        where: { deviceId: d.id, type: "offline" },
      }))!.ts.getTime();
      expect(await ctwing(ctwingOnOff(offAt, 0))).toMatchObject({ body: { stored: 0, duplicates: 1 } });
      expect((await status(d.id)).online).toBe(true);
    });

    it("a late report of a detach before the device last spoke is kept in the history but does not hide it", async () => {
      const d = device("ctwing");
      clock.advance(MIN);
      const before = clock.now().getTime() - 30 * MIN; // the platform's report comes half an hour late
      expect(await ctwing(ctwingData(clock.now().getTime()))).toMatchObject({ status: 200 });
      expect(await ctwing(ctwingOnOff(before, 0))).toMatchObject({ status: 200, body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(true);
    });

    it("past the model's missed heartbeats the sweeper raises OFFLINE once; any data report brings it back", async () => {
      const d = device("ctwing");
      clock.advance(MIN);
      const lastHeard = clock.now().getTime();
      await ctwing(ctwingData(lastHeard));
      clock.advance(MIN);
      expect(await ctwing(ctwingOnOff(clock.now().getTime(), 0))).toMatchObject({ body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(false);
      await t.api.services.ingest.drain();
      expect(await alarms(d.id)).toEqual([]);

      // the demo model AX-NB-CT: 12 h heartbeats, offline after 2 missed
      const model = await t.api.db.prisma.deviceModel.findUniqueOrThrow({ where: { id: "AX-NB-CT" } });
      clock.set(new Date(lastHeard + model.heartbeatIntervalSec * model.missedHeartbeats * 1000 + MIN));
      expect(await t.api.services.offlineSweeper.sweep()).toContain(d.id);
      expect(await t.api.services.offlineSweeper.sweep()).not.toContain(d.id); // once
      const raised = await alarms(d.id);
      expect(raised.map((a) => [a.kind, a.status])).toEqual([["OFFLINE", "ACTIVE"]]);

      // the device speaks: online again, its OFFLINE alarm closed
      expect(await ctwing(ctwingData(clock.now().getTime()))).toMatchObject({ status: 200, body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(true);
      await t.api.services.ingest.drain();
      const after = await alarms(d.id);
      expect(after).toHaveLength(1);
      expect(after[0]!.status).not.toBe("ACTIVE");
      expect(after.some((a) => a.kind === "FIRE")).toBe(false);
    });

    it("OneNET type 2 status 0: offline, in the history; the same push again changes nothing; status 1 brings it back", async () => {
      const d = device("onenet");
      const heard = clock.now().getTime();
      expect(await onenet(onenetPoint(heard, 10))).toMatchObject({ status: 200, body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(true);
      clock.advance(3 * MIN);
      const offAt = clock.now().getTime();
      expect(await onenet(onenetStatus(offAt, 0))).toMatchObject({ status: 200, body: { stored: 1 } });
      const s = await status(d.id);
      expect(s.online).toBe(false);
      expect(s.updatedAt.getTime()).toBe(offAt);
      const view = await detail(d.id);
      expect(view.state).toBe("offline");
      expect(view.events[0]).toMatchObject({ type: "offline", note: expect.stringContaining("OneNET") });
      expect(await onenet(onenetStatus(offAt, 0))).toMatchObject({ status: 200, body: { stored: 0, duplicates: 1 } });
      await t.api.services.ingest.drain();
      expect((await alarms(d.id)).filter((a) => a.kind === "OFFLINE")).toEqual([]);
      clock.advance(MIN);
      expect(await onenet(onenetStatus(clock.now().getTime(), 1))).toMatchObject({ body: { stored: 1 } });
      expect((await status(d.id)).online).toBe(true);
    });
  });
}
