// The monitoring centre through the running API (issue 17): a unit fire signal picked up by the centre's
// loop, on the board with its deadline; a verdict by HTTP handed to the local 119 stand-in, signed, with the
// attempt on the alarm's file; the signed incident link; a duty check and the unit's figures. The clock is
// a ManualClock shared with the stand-in (its replay window checks the same time).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { Alert119StandIn } from "../../api/stand-ins/alert119/index.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

describe("the monitoring centre over HTTP", () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
  const standIn = new Alert119StandIn({ nowSec: () => Math.floor(clock.now().getTime() / 1000) });
  let t: TestApi;
  let admin: string;
  let supervisor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const url = await standIn.start();
    t = await startTestApi({ clock, env: { ALERT_119_URL: url, ALERT_119_SECRET: standIn.secret } });
    admin = await t.loginStaff("admin");
    supervisor = await t.loginStaff("supervisor");
    const p = t.api.db.prisma;
    const township = await p.township.findFirstOrThrow({ orderBy: { name: "asc" } });
    const unit = await p.networkedUnit.create({
      data: {
        townshipId: township.id,
        name: "县人民医院",
        creditCode: "12360199MB0000001X",
        category: "HOSPITAL",
        sector: "HEALTH",
        address: "人民路 1 号",
        latitude: 28,
        longitude: 116,
        controlRoomPhone: "07910000009",
        hasAutoFireAlarm: true,
      },
    });
    ids.unit = unit.id;
    await p.deviceModel.create({
      data: { id: "AX-GAS1", kind: "GAS_DETECTOR", vendor: "安心", name: "燃气", heartbeatIntervalSec: 3600 },
    });
    await p.device.create({
      data: { id: "gas-1", serial: "gas-1", modelId: "AX-GAS1", secretHash: "x", unitId: unit.id },
    });
    const now = clock.now();
    ids.alarm = (
      await p.alarm.create({
        data: {
          deviceId: "gas-1",
          unitId: unit.id,
          location: "食堂 1 层",
          kind: "GAS_LEAK",
          severity: "CRITICAL",
          startedAt: now,
          lastEventAt: now,
        },
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await standIn.stop();
  });

  it("picks up a unit fire signal, hands the verdict to 119 signed, and shows it all on the alarm's file", async () => {
    // an alarm written without the listener: the centre's loop starts its countdown
    await t.api.services.centre.settle();
    const board = await t.request<{ items: { id: string; confirmDeadlineAt: string | null }[] }>(
      "GET",
      "/api/centre/board",
      {
        token: supervisor,
      },
    );
    expect(board.status).toBe(200);
    const row = board.body.items.find((x) => x.id === ids.alarm);
    expect(row?.confirmDeadlineAt).toBe(new Date(clock.now().getTime() + 120_000).toISOString());

    const bad = await t.request("POST", `/api/centre/alarms/${ids.alarm}/verdict`, {
      token: admin,
      body: { verdict: "FALSE_ALARM" },
    });
    expect(bad.status).toBe(400);
    const forbidden = await t.request("POST", `/api/centre/alarms/${ids.alarm}/verdict`, {
      token: supervisor,
      body: { verdict: "REAL_FIRE" },
    });
    expect(forbidden.status).toBe(403);
    const ok = await t.request<{ handedTo119: boolean }>("POST", `/api/centre/alarms/${ids.alarm}/verdict`, {
      token: admin,
      body: { verdict: "REAL_FIRE", cause: "电话核实" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.handedTo119).toBe(true);
    await t.api.services.centre.handoff.inflight.idle();
    const got = standIn.incidents.get(ids.alarm!);
    expect(got?.payload).toMatchObject({
      confirmedBy: "centre",
      unit: { name: "县人民医院" },
      trigger: { kind: "GAS_LEAK" },
    });
    expect(standIn.rejected).toEqual([]);

    const file = await t.request<{ timeline: { what: string }[]; facts: { unit: { name: string } } }>(
      "GET",
      `/api/centre/alarms/${ids.alarm}`,
      { token: supervisor },
    );
    expect(file.status).toBe(200);
    expect(file.body.facts.unit.name).toBe("县人民医院");
    expect(file.body.timeline.map((x) => x.what)).toEqual(expect.arrayContaining(["确认火警", "119已接收", "推送119"]));

    const link = new URL(got!.payload.incidentUrl);
    const page = await t.request<{ alarmId: string }>("GET", `${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(page.body.alarmId).toBe(ids.alarm);
    expect((await t.request("GET", `${link.pathname}?token=${"x".repeat(32)}`)).status).toBe(404);
  });

  it("sends a duty check and counts it in the unit's figures", async () => {
    const sent = await t.request<{ id: string; status: string }>("POST", "/api/centre/duty-checks", {
      token: admin,
      body: { unitId: ids.unit },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe("PENDING");
    clock.advance(601_000);
    await t.api.services.centre.settle();
    const from = new Date(clock.now().getTime() - 3600_000).toISOString();
    const to = new Date(clock.now().getTime() + 60_000).toISOString();
    const figs = await t.request<{ items: { unitId: string; dutyChecks: { missed: number }; realFires: number }[] }>(
      "GET",
      `/api/centre/figures?from=${from}&to=${to}&unitId=${ids.unit}`,
      { token: supervisor },
    );
    expect(figs.status).toBe(200);
    expect(figs.body.items[0]).toMatchObject({ unitId: ids.unit, realFires: 1, dutyChecks: { missed: 1 } });
    const csv = await t.request<string>("GET", `/api/centre/records.csv?from=${from}&to=${to}&unitId=${ids.unit}`, {
      token: supervisor,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^报警,.*可燃气体泄漏,食堂 1 层,.*真实火警,电话核实,.*是,/);
    expect(lines[2]).toMatch(/^查岗,.*中心查岗,.*未应答/);
  });
  it("a smoke alarm of a unit, through the ingest, is the unit's fire signal: on the board with its place and countdown", async () => {
    const p = t.api.db.prisma;
    await p.device.create({
      data: {
        id: "smoke-unit-1",
        serial: "smoke-unit-1",
        modelId: "AX-SA100",
        secretHash: "x",
        unitId: ids.unit!,
        floor: 3,
        placeName: "配电室",
      },
    });
    const r = await t.api.services.ingest.submit(
      "smoke-unit-1",
      JSON.stringify({ id: "u-smoke-1", ts: clock.now().getTime(), type: "smoke_alarm", smoke: 640 }),
      "test",
    );
    expect(r.outcome).toBe("stored");
    await t.api.services.ingest.drain();
    const alarm = await p.alarm.findFirstOrThrow({ where: { deviceId: "smoke-unit-1", kind: "FIRE" } });
    expect(alarm).toMatchObject({ unitId: ids.unit, householdId: null, floor: 3, location: "配电室" });
    await t.api.services.centre.settle();
    await t.api.services.notifications.settle();
    const board = await t.request<{ items: { id: string; confirmDeadlineAt: string | null }[] }>(
      "GET",
      "/api/centre/board",
      { token: supervisor },
    );
    expect(board.body.items.find((x) => x.id === alarm.id)?.confirmDeadlineAt).not.toBeNull();
    // the residents' chain is not run for it: it would reach nobody and cry NOTIFY_FAILED
    expect(await p.alarm.count({ where: { kind: "NOTIFY_FAILED", deviceId: "smoke-unit-1" } })).toBe(0);
  });
});
