// Cameras through the API (issue 23), against the local RTSP stand-in: the register keeps accounts sealed
// and never sends them back; each role sees only its scope; a snapshot on demand is a JPEG served only to
// those who see the camera; live view hands out leases, serves HLS, stops the stream when the last viewer
// leaves and refuses past the stream limit; an alarm in a place with cameras gets the nearest camera's
// snapshot, with live links in the alarm and the centre's facts; a camera marked for recognition
// that sees a flame raises ONE suspected fire with the marked frame, for the centre and the unit only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../api/stand-ins/camera/index.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { until } from "../support/until.ts";

const account = { username: "viewer", password: "Cam-Secret-9f2" };
let cam: CameraStandIn;
let t: TestApi;
let hospitalId = "";
let communityId = "";
let keyPartId = "";

interface Camera {
  id: string;
  name: string;
  status: string;
  hasAccount: boolean;
  links: { page: string; live: string; playlist: string };
}

beforeAll(async () => {
  cam = await startCameraStandIn({
    paths: {
      "/hall": { source: "testsrc", fps: 10, seconds: 2 },
      "/stair": { source: "plain", seconds: 4 },
      "/flame": { source: "flame", seconds: 10 },
    },
    auth: { scheme: "digest", ...account },
  });
  t = await startTestApi({ env: { CAMERA_MAX_STREAMS: "1", CAMERA_HEALTH_SEC: "3600" } });
  const p = t.api.db.prisma;
  const unit = await p.networkedUnit.findFirstOrThrow({ where: { name: "示范县人民医院" } });
  hospitalId = unit.id;
  keyPartId = (await p.keyPart.findFirstOrThrow({ where: { unitId: unit.id, name: "药库" } })).id;
  const manager = await p.staffUser.findFirstOrThrow({ where: { username: "manager_a" } });
  communityId = (await p.community.findFirstOrThrow({ where: { propertyCompanyId: manager.propertyCompanyId! } })).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  await cam?.stop();
});

async function create(token: string, body: Record<string, unknown>) {
  return t.request<Camera>("POST", "/api/cameras", { token, body });
}

describe("cameras", () => {
  let hall: Camera;
  let yard: Camera;

  it("registers cameras with sealed accounts that are never sent back, each role seeing its scope", async () => {
    const unitManager = await t.loginStaff("yy_guanli");
    const r = await create(unitManager, {
      name: "药库走廊",
      unitId: hospitalId,
      keyPartId,
      floor: 1,
      rtspUrl: `rtsp://127.0.0.1:${cam.port}/hall`,
      ...account,
    });
    expect(r.status).toBe(201);
    hall = r.body;
    expect(hall).toMatchObject({ name: "药库走廊", hasAccount: true });
    expect(JSON.stringify(r.body)).not.toContain(account.password);
    const row = await t.api.db.prisma.camera.findUniqueOrThrow({ where: { id: hall.id } });
    expect(row.passwordEnc).toBeTruthy();
    expect(row.passwordEnc).not.toContain(account.password);
    // an account written into the address is refused, so it can never be shown back
    const inUrl = await create(unitManager, {
      name: "x",
      unitId: hospitalId,
      rtspUrl: `rtsp://viewer:${account.password}@127.0.0.1:${cam.port}/hall`,
    });
    expect(inUrl.status).toBe(400);

    const manager = await t.loginStaff("manager_a");
    const y = await create(manager, {
      name: "小区大门",
      communityId,
      rtspUrl: `rtsp://127.0.0.1:${cam.port}/stair`,
      ...account,
    });
    expect(y.status).toBe(201);
    yard = y.body;
    // a property manager cannot register a camera in a unit it does not see, nor a unit's people in a community
    expect((await create(manager, { name: "x", unitId: hospitalId, rtspUrl: "rtsp://127.0.0.1:1/x" })).status).toBe(
      404,
    );
    expect((await create(unitManager, { name: "x", communityId, rtspUrl: "rtsp://127.0.0.1:1/x" })).status).toBe(404);

    const ids = async (who: string) =>
      (await t.request<{ items: Camera[] }>("GET", "/api/cameras", { token: await t.loginStaff(who) })).body.items
        .map((c) => c.id)
        .sort();
    expect(await ids("yy_zhiban1")).toEqual([hall.id]);
    expect(await ids("manager_a")).toEqual([yard.id]);
    expect(await ids("centre_op")).toEqual([hall.id, yard.id].sort());
    expect(await ids("supervisor")).toEqual([hall.id, yard.id].sort());
    expect((await t.request("GET", "/api/cameras", { token: await t.loginStaff("reg_edu") })).status).toBe(403);
    expect((await t.request("GET", `/api/cameras/${yard.id}`, { token: unitManager })).status).toBe(404);
    expect((await t.request("POST", `/api/cameras/${yard.id}/snapshot`, { token: unitManager })).status).toBe(404);
    expect((await t.request("GET", "/api/cameras", { token: await t.loginResident("zhangsan") })).status).toBe(403);

    // where a camera may be registered (the console's form): each manager its own places, a viewer none
    type Places = { units: { id: string; name: string }[]; communities: { id: string; name: string }[] };
    const places = async (token: string) => t.request<Places>("GET", "/api/cameras/places", { token });
    const mine = await places(unitManager);
    expect(mine.status).toBe(200);
    expect(mine.body.units.map((u) => u.id)).toContain(hospitalId);
    expect(mine.body.communities).toEqual([]);
    const theirs = (await places(manager)).body;
    expect(theirs.communities.map((c) => c.id)).toContain(communityId);
    expect(theirs.units.map((u) => u.id)).not.toContain(hospitalId);
    expect((await places(await t.loginStaff("yy_zhiban1"))).body).toEqual({ units: [], communities: [] });
    expect((await places(await t.loginStaff("reg_edu"))).status).toBe(403);
    expect((await places(await t.loginResident("zhangsan"))).status).toBe(403);

    // a change that leaves the password out keeps it
    const upd = await t.request<Camera>("PUT", `/api/cameras/${hall.id}`, {
      token: unitManager,
      body: {
        name: "药库走廊东",
        unitId: hospitalId,
        keyPartId,
        floor: 1,
        rtspUrl: `rtsp://127.0.0.1:${cam.port}/hall`,
      },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.hasAccount).toBe(true);
  });

  it("checks health: an answering camera is ONLINE, one that is gone OFFLINE and flagged with an alarm", async () => {
    const manager = await t.loginStaff("manager_a");
    const gone = await create(manager, { name: "坏的", communityId, rtspUrl: "rtsp://127.0.0.1:9/none" });
    await t.api.services.cameras.service.checkAll();
    const list = (
      await t.request<{ items: Camera[] }>("GET", "/api/cameras", { token: await t.loginStaff("centre_op") })
    ).body.items;
    expect(list.find((c) => c.id === hall.id)?.status).toBe("ONLINE");
    expect(list.find((c) => c.id === gone.body.id)?.status).toBe("OFFLINE");
    const offline = await t.api.db.prisma.alarm.findFirst({
      where: { deviceId: `CAM-${gone.body.id}`, kind: "OFFLINE", status: "ACTIVE" },
    });
    expect(offline).not.toBeNull();
    // the device lists read each camera's device as the check found it (an answering camera read 未上线)
    const status = (id: string) => t.api.db.prisma.deviceStatus.findUnique({ where: { deviceId: `CAM-${id}` } });
    expect((await status(hall.id))?.online).toBe(true);
    expect((await status(hall.id))?.lastSeenAt).not.toBeNull();
    expect((await status(gone.body.id))?.online).toBe(false);
    expect((await t.request("DELETE", `/api/cameras/${gone.body.id}`, { token: manager })).status).toBe(204);
    // retired, it is no longer flagged
    const cleared = await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: offline!.id } });
    expect(cleared.status).toBe("RESOLVED");
  }, 60_000);

  it("takes a snapshot on demand, served as JPEG only to those who see the camera", async () => {
    const op = await t.loginStaff("yy_zhiban1");
    const s = await t.request<{ id: string; url: string; width: number }>("POST", `/api/cameras/${hall.id}/snapshot`, {
      token: op,
    });
    expect(s.status).toBe(201);
    expect(s.body.width).toBe(320);
    const img = await fetch(`${t.url}${s.body.url}`, { headers: { authorization: `Bearer ${op}` } });
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    const b = Buffer.from(await img.arrayBuffer());
    expect([b[0], b[1]]).toEqual([0xff, 0xd8]);
    const other = await fetch(`${t.url}${s.body.url}`, {
      headers: { authorization: `Bearer ${await t.loginStaff("manager_a")}` },
    });
    expect(other.status).toBe(404);
  }, 30_000);

  it("serves live HLS under a lease, refuses past the stream limit, and stops when the last viewer leaves", async () => {
    const op = await t.loginStaff("centre_op");
    const live = await t.request<{ viewerId: string; leaseMs: number; playlist: string }>(
      "POST",
      `/api/cameras/${hall.id}/live`,
      { token: op },
    );
    expect(live.status).toBe(200);
    const playlist = await t.request<string>("GET", live.body.playlist, { token: op });
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get("content-type")).toContain("mpegurl");
    expect(String(playlist.body)).toContain("#EXTM3U");
    expect(t.api.services.cameras.video.running()).toEqual([hall.id]);
    // the limit is one stream: another camera waits
    const second = await t.request<{ error: { code: string } }>("POST", `/api/cameras/${yard.id}/live`, { token: op });
    expect(second.status).toBe(503);
    expect(second.body.error.code).toBe("STREAM_LIMIT_REACHED");
    expect((await t.request("PUT", `/api/cameras/${hall.id}/live/${live.body.viewerId}`, { token: op })).status).toBe(
      204,
    );
    expect((await t.request("PUT", `/api/cameras/${hall.id}/live/not-a-viewer`, { token: op })).status).toBe(404);
    expect(
      (await t.request("DELETE", `/api/cameras/${hall.id}/live/${live.body.viewerId}`, { token: op })).status,
    ).toBe(204);
    await until("the stream to stop", async () => t.api.services.cameras.video.running().length === 0, 10_000);
    expect((await t.request("GET", live.body.playlist, { token: op })).status).toBe(404);
  }, 60_000);

  it("attaches the nearest camera's snapshot to an alarm in its place, with live links", async () => {
    const p = t.api.db.prisma;
    const model = await p.deviceModel.findFirstOrThrow({ where: { kind: "SMOKE_ALARM" } });
    const device = await p.device.create({
      data: {
        id: "cam-test-smoke-1",
        serial: "cam-test-smoke-1",
        modelId: model.id,
        secretHash: "x",
        unitId: hospitalId,
        keyPartId,
        floor: 1,
        transport: "gb26875",
      },
    });
    const change = await t.api.services.alarms.raiseAt(
      { id: device.id, mode: "NORMAL", householdId: null, communityId: null },
      "FIRE",
      new Date(),
      "cam-test-1",
      { point: "1/1/1", source: "gb26875", unitId: hospitalId, keyPartId, floor: 1, location: "药库" },
    );
    const alarmId = change.alarm!.id;
    const snap = await until(
      "a snapshot attached to the alarm",
      () => p.cameraSnapshot.findFirst({ where: { alarmId, cameraId: hall.id, reason: "ALARM" } }),
      // a bound for a stuck pipeline, not a speed: ffmpeg on a busy machine takes longer than on a quiet one
      30_000,
    );
    expect(snap.bytes).toBeGreaterThan(1000);
    const op = await t.loginStaff("centre_op");
    const forAlarm = await t.request<{
      items: { cameraId: string; snapshot: { url: string }; links: { live: string } }[];
    }>("GET", `/api/alarms/${alarmId}/cameras`, { token: op });
    expect(forAlarm.body.items.map((i) => i.cameraId)).toContain(hall.id);
    expect(forAlarm.body.items[0]!.links.live).toBe(`/api/cameras/${hall.id}/live`);
    // the command view's facts and the 119 hand-off carry the camera with its live and snapshot links
    const facts = await t.api.services.centre.facts(alarmId);
    const fact = facts!.cameras.find((c) => c.id === hall.id)!;
    expect(fact.liveUrl).toContain(`/console/cameras/${hall.id}?live=1`);
    expect(fact.snapshotUrl).toContain(`/api/cameras/${hall.id}/snapshots/`);
    // people who cannot see the camera get nothing
    expect(
      (
        await t.request<{ items: unknown[] }>("GET", `/api/alarms/${alarmId}/cameras`, {
          token: await t.loginStaff("manager_a"),
        })
      ).body.items,
    ).toEqual([]);
  }, 60_000);

  it("raises one suspected fire with the marked frame from a camera that sees a flame, for the centre and the unit only", async () => {
    const unitManager = await t.loginStaff("yy_guanli");
    const r = await create(unitManager, {
      name: "药库内",
      unitId: hospitalId,
      keyPartId,
      rtspUrl: `rtsp://127.0.0.1:${cam.port}/flame`,
      ...account,
      detectEnabled: true,
      detectFps: 2,
    });
    expect(r.status).toBe(201);
    const p = t.api.db.prisma;
    const alarm = await until(
      "a suspected fire",
      () => p.alarm.findFirst({ where: { deviceId: `CAM-${r.body.id}`, kind: "SUSPECTED_FIRE" } }),
      90_000,
    );
    expect(alarm).toMatchObject({ unitId: hospitalId, source: "video", householdId: null, report119: false });
    const marked = await until(
      "the marked frame",
      () => p.cameraSnapshot.findFirst({ where: { alarmId: alarm.id, reason: "DETECTION" } }),
      10_000,
    );
    expect(marked.cameraId).toBe(r.body.id);
    await until(
      "the detections",
      async () => (await p.cameraDetection.count({ where: { alarmId: alarm.id } })) > 0,
      10_000,
    );
    // never residents, never 119 before a person confirms
    const sent = await p.notification.findMany({ where: { alarmId: alarm.id } });
    expect(sent.filter((n) => n.channel === "HANDOFF_119")).toEqual([]);
    expect(sent.filter((n) => n.recipient.startsWith("resident:"))).toEqual([]);
    // the frames analysed for it are on /metrics (what `npm run bench -- cameras` reads)
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const frames = new RegExp(`^anxin_camera_frames_analysed\\{camera="${r.body.id}"\\} (\\d+)$`, "m").exec(metrics);
    expect(Number(frames?.[1])).toBeGreaterThan(0);
    // stop analysing before the next test
    await t.request("DELETE", `/api/cameras/${r.body.id}`, { token: unitManager });
    await until("recognition to stop", async () => t.api.services.cameras.watches!.ids().length === 0, 10_000);
  }, 120_000);

  it("analyses only a camera's detect region: the same flame outside it raises nothing", async () => {
    const unitManager = await t.loginStaff("yy_guanli");
    const place = { unitId: hospitalId, keyPartId, rtspUrl: `rtsp://127.0.0.1:${cam.port}/flame`, ...account };
    // refused: outside the picture, too small, not a share
    for (const bad of [
      { x: 0.6, y: 0, width: 0.5, height: 0.5 },
      { x: 0, y: 0, width: 0.01, height: 0.5 },
      { x: 0, y: 0, width: 50, height: 50 },
      { x: "0", y: 0, width: 0.5, height: 0.5 },
    ])
      expect((await create(unitManager, { name: "x", ...place, detectRegion: bad })).status).toBe(400);
    // the upper 45 % of the picture: the flame burns on the floor, below it (scenes.ts: 50-82 % of the height)
    const upper = { x: 0, y: 0, width: 1, height: 0.45 };
    const r = await create(unitManager, {
      name: "药库上部",
      ...place,
      detectEnabled: true,
      detectFps: 2,
      detectRegion: upper,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ detectRegion: upper });
    const p = t.api.db.prisma;
    expect((await p.camera.findUniqueOrThrow({ where: { id: r.body.id } })).detectRegion).toBe("[0,0,1,0.45]");
    const watches = t.api.services.cameras.watches!;
    // enough frames for the flame to have raised a suspected fire (it did above within a few frames)
    await until("24 analysed frames", async () => (watches.stats(r.body.id)?.frames ?? 0) >= 24, 60_000);
    expect(watches.stats(r.body.id)?.framesWithDetections).toBe(0);
    expect(await p.alarm.count({ where: { deviceId: `CAM-${r.body.id}`, kind: "SUSPECTED_FIRE" } })).toBe(0);

    // a change that leaves the region out keeps it; null clears it
    const body = { name: "药库上部", ...place, detectEnabled: false };
    const kept = await t.request<Camera>("PUT", `/api/cameras/${r.body.id}`, { token: unitManager, body });
    expect(kept.body).toMatchObject({ detectRegion: upper });
    const cleared = await t.request<Camera>("PUT", `/api/cameras/${r.body.id}`, {
      token: unitManager,
      body: { ...body, detectRegion: null },
    });
    expect(cleared.body).toMatchObject({ detectRegion: null });
    await t.request("DELETE", `/api/cameras/${r.body.id}`, { token: unitManager });
    await until("recognition to stop", async () => watches.ids().length === 0, 10_000);
  }, 120_000);
});
