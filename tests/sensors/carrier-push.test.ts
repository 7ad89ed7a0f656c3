// NB-IoT through CTWing and OneNET on the real path (issue 20 phase 2): real HTTP pushes to the API's
// receivers, built as the platforms send them (the stand-ins' builders), stored before the 200, raising the
// same alarms as MQTT; pushes that fail their token or signature are refused with their reason and store
// nothing; a command to an NB-IoT device goes through the platform's command API (the CTWing stand-in checks
// its signature) and the platform's result push closes it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ctwingDataReport, onenetDataPoint, onenetPushBody } from "../../api/stand-ins/carrier-push-builder.ts";
import {
  CtwingStandIn,
  DEMO_CTWING_APP_KEY,
  DEMO_CTWING_APP_SECRET,
  DEMO_CTWING_MASTER_KEY,
} from "../../api/stand-ins/ctwing-stand-in.ts";
import { DEMO_NBIOT, type DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const CTWING_TOKEN = "ctwing-test-token-0123456789";
const ONENET_TOKEN = "onenet-test-token";
const AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"; // 43 characters

describe("carrier push receivers", () => {
  let t: TestApi;
  const ctwing = new CtwingStandIn();
  const device = (platform: "ctwing" | "onenet") =>
    (t.demo.devices as DemoSensorDevice[]).find((d) => d.carrier?.platform === platform)!;
  const push = (path: string, body: string) =>
    fetch(`${t.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

  beforeAll(async () => {
    const base = await ctwing.start();
    ctwing.addDevice(DEMO_NBIOT.ctwing.productId, DEMO_NBIOT.ctwing.deviceId, { imei: DEMO_NBIOT.ctwing.imei });
    t = await startTestApi({
      env: {
        CTWING_PUSH_TOKEN: CTWING_TOKEN,
        CTWING_API_BASE: base,
        CTWING_APP_KEY: DEMO_CTWING_APP_KEY,
        CTWING_APP_SECRET: DEMO_CTWING_APP_SECRET,
        CTWING_MASTER_KEYS: `${DEMO_NBIOT.ctwing.productId}:${DEMO_CTWING_MASTER_KEY}`,
        ONENET_PUSH_TOKEN: ONENET_TOKEN,
        ONENET_AES_KEY: AES_KEY,
      },
    });
    ctwing.pushUrl = `${t.url}/api/ingest/ctwing?token=${CTWING_TOKEN}`;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await ctwing.stop();
  });

  it("a CTWing smoke alarm push is stored before the 200 and raises a fire alarm; the same push again changes nothing", async () => {
    const d = device("ctwing");
    const body = JSON.stringify(ctwingDataReport(DEMO_NBIOT.ctwing, { Alarm_Status: 1, Battery_Level: 88, CSQ: 20 }));
    const res = await push(`/api/ingest/ctwing?token=${CTWING_TOKEN}`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stored: 1, duplicates: 0 });
    // stored when answered: the event is in the database already
    const prisma = t.api.db.prisma;
    expect(await prisma.deviceEvent.count({ where: { deviceId: d.id, type: "smoke_alarm", source: "ctwing" } })).toBe(
      1,
    );
    await t.api.services.ingest.drain();
    const fire = await prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id, kind: "FIRE" } });
    expect(fire).toMatchObject({ status: "ACTIVE", source: "ctwing" });
    const again = await push(`/api/ingest/ctwing?token=${CTWING_TOKEN}`, body);
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1 });
    await t.api.services.ingest.drain();
    expect((await prisma.alarm.findUniqueOrThrow({ where: { id: fire.id } })).occurrences).toBe(1);
  });

  it("a CTWing push with a wrong or missing token is refused with its reason, and nothing is stored", async () => {
    const before = await t.api.db.prisma.deviceEvent.count();
    const body = JSON.stringify(ctwingDataReport(DEMO_NBIOT.ctwing, { Alarm_Status: 14 }));
    const wrong = await push(`/api/ingest/ctwing?token=not-the-token-at-all`, body);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: "bad_token" });
    const none = await push(`/api/ingest/ctwing`, body);
    expect(none.status).toBe(401);
    const garbage = await push(`/api/ingest/ctwing?token=${CTWING_TOKEN}`, "[1,2,3]");
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: "not_an_object" });
    expect(await t.api.db.prisma.deviceEvent.count()).toBe(before);
  });

  it("a push for a device nobody registered is answered (so the platform stops) and reported", async () => {
    const other = { ...DEMO_NBIOT.ctwing, deviceId: "17100001ffffffff", imei: "869975039999999" };
    const res = await push(
      `/api/ingest/ctwing?token=${CTWING_TOKEN}`,
      JSON.stringify(ctwingDataReport(other, { Alarm_Status: 7 })),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, refused: [{ reason: "unknown_device" }] });
  });

  it("OneNET: the URL check echoes msg only with the right signature", async () => {
    const { onenetSignature } = await import("../../api/src/transport/carriers/onenet-signature.ts");
    const sig = onenetSignature(ONENET_TOKEN, "n0nce123", "hello42");
    const ok = await fetch(
      `${t.url}/api/ingest/onenet?msg=hello42&nonce=n0nce123&signature=${encodeURIComponent(sig)}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("hello42");
    const bad = await fetch(`${t.url}/api/ingest/onenet?msg=hello42&nonce=n0nce123&signature=AAAA`);
    expect(bad.status).toBe(401);
  });

  it("an encrypted OneNET gas push raises a gas leak alarm on the detector's point; a bad signature stores nothing", async () => {
    const d = device("onenet");
    const prisma = t.api.db.prisma;
    const msg = onenetDataPoint(Number(DEMO_NBIOT.onenet.deviceId), "Gas_Concentration", 320);
    const bad = onenetPushBody(msg, "another-token", { encodingAesKey: AES_KEY });
    const refused = await push("/api/ingest/onenet", bad);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "bad_signature" });
    expect(await prisma.deviceEvent.count({ where: { deviceId: d.id } })).toBe(0);
    const res = await push("/api/ingest/onenet", onenetPushBody(msg, ONENET_TOKEN, { encodingAesKey: AES_KEY }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, stored: 1 });
    await t.api.services.ingest.drain();
    const alarm = await prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id } });
    expect(alarm).toMatchObject({ kind: "GAS_LEAK", point: "lel_pct", source: "onenet", status: "ACTIVE" });
    const point = await prisma.sensorPoint.findUniqueOrThrow({
      where: { deviceId_point: { deviceId: d.id, point: "lel_pct" } },
    });
    expect(point.value).toBeCloseTo(32);
  });

  it("a OneNET smoke alarm's Alarm_Status 1 data point raises a fire alarm for its household (data-stream profile)", async () => {
    const d = (t.demo.devices as DemoSensorDevice[]).find(
      (x) => x.carrier?.platform === "onenet" && x.kind === "SMOKE_ALARM",
    )!;
    expect(d.carrier!.deviceId).toBe(DEMO_NBIOT.onenetSmoke.deviceId);
    const prisma = t.api.db.prisma;
    const msg = onenetDataPoint(Number(DEMO_NBIOT.onenetSmoke.deviceId), "Alarm_Status", 1);
    const res = await push("/api/ingest/onenet", onenetPushBody(msg, ONENET_TOKEN, { encodingAesKey: AES_KEY }));
    expect(res.status).toBe(200);
    await t.api.services.ingest.drain();
    const device = await prisma.device.findUniqueOrThrow({ where: { id: d.id }, select: { householdId: true } });
    const alarm = await prisma.alarm.findFirstOrThrow({ where: { deviceId: d.id } });
    expect(alarm).toMatchObject({ kind: "FIRE", source: "onenet", householdId: device.householdId });
    expect(device.householdId).not.toBeNull();
  });

  it("a command to an NB-IoT device goes through CTWing's command API and its result push acknowledges it", async () => {
    const d = device("ctwing");
    const token = await t.loginStaff("manager_a");
    const res = await t.request<{ id: string; status: string }>("POST", `/api/devices/${d.id}/commands`, {
      token,
      body: { type: "self_test" },
    });
    expect(res.status).toBe(202);
    expect(ctwing.commands.length).toBe(1);
    const sent = await t.api.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(sent.platformCommandId).toBe(ctwing.commands[0]!.commandId);
    const answer = await ctwing.respond(ctwing.commands[0]!.commandId, "COMPLETED");
    expect(answer.status).toBe(200);
    await t.api.services.ingest.drain();
    const acked = await t.api.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(acked.status).toBe("ACKED");
  });

  it("a command CTWing could not take in an outage is kept and sent through it once it answers again", async () => {
    const d = device("ctwing");
    const token = await t.loginStaff("manager_a");
    const before = ctwing.commands.length;
    ctwing.failNext("BUSY");
    const res = await t.request<{ id: string; status: string }>("POST", `/api/devices/${d.id}/commands`, {
      token,
      body: { type: "self_test" },
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe("PENDING");
    expect(ctwing.commands.length).toBe(before);
    // the API's resend sweep (every 5 s; the failed try holds it one round): no test of its pace, only that it comes
    await vi.waitFor(() => expect(ctwing.commands.length).toBe(before + 1), { timeout: 30_000, interval: 100 });
    // the platform's answer is written once its request returns
    await vi.waitFor(async () =>
      expect(await t.api.db.prisma.deviceCommand.findUniqueOrThrow({ where: { id: res.body.id } })).toMatchObject({
        status: "SENT",
        platformCommandId: ctwing.commands[before]!.commandId,
      }),
    );
  });

  // last: it stops the ingest pipeline
  it("a push that cannot be stored is not acknowledged: the platform gets a 5xx and sends it again", async () => {
    await t.api.services.ingest.close();
    const res = await push(
      `/api/ingest/ctwing?token=${CTWING_TOKEN}`,
      JSON.stringify(ctwingDataReport(DEMO_NBIOT.ctwing, { Alarm_Status: 7, Battery_Level: 80 })),
    );
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});
