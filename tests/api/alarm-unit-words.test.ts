// A networked unit's alarm as the staff screens read it: the live board's alarm (GET /api/alarms, /api/alarms/:id)
// names its unit (a unit's alarm has no home address: without the name the brigade cannot tell which unit is on
// fire), and its kind has one name on the board, on the centre's wall (/api/centre/alarms/:id) and on 火警确认
// (/api/centre/board): a unit's fire is 火灾报警, a home's smoke alarm 烟雾报警 (contract/labels.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIND_LABEL, UNIT_KIND_LABEL } from "../../api/src/contract/labels.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Summary {
  id: string;
  kindLabel: string;
  unitId: string | null;
  unitName: string | null;
  address: string | null;
}

let t: TestApi;
let unitAlarm = "";
let homeAlarm = "";
let unitName = "";

beforeAll(async () => {
  t = await startTestApi();
  const demo = t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } };
  const uitd = demo.gb26875.devices[0]!;
  unitName = (await t.api.db.prisma.networkedUnit.findUniqueOrThrow({ where: { id: uitd.unitId } })).name;
  const panel = (await t.api.services.deviceDirectory.get(uitd.deviceId))!;
  const at = t.api.services.clock.now();
  const raised = await t.api.services.alarms.raiseAt(panel, "FIRE", at, "unit-words-1", {
    point: "1/1/7",
    source: "gb26875",
    unitId: uitd.unitId,
    floor: 3,
    location: "住院部病区 走廊东侧",
  });
  unitAlarm = raised.alarm!.id;
  const home = await t.api.db.prisma.device.findFirstOrThrow({
    where: { householdId: { not: null } },
    orderBy: { id: "asc" },
  });
  const smoke = (await t.api.services.deviceDirectory.get(home.id))!;
  homeAlarm = (await t.api.services.alarms.raise(smoke, "FIRE", at, "unit-words-2")).alarm!.id;
  await t.api.services.centre.service.inflight.idle();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("a unit's alarm in the staff screens' words", () => {
  it("names the unit in the board's list and detail; a home's alarm has no unit", async () => {
    const token = await t.loginStaff("supervisor");
    const list = await t.request<{ items: Summary[] }>("GET", "/api/alarms?status=open&limit=200", { token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((a) => a.id === unitAlarm);
    expect(listed).toMatchObject({ unitName, address: null });
    const detail = await t.request<Summary>("GET", `/api/alarms/${unitAlarm}`, { token });
    expect(detail.body).toMatchObject({ unitName });
    const home = await t.request<Summary>("GET", `/api/alarms/${homeAlarm}`, { token });
    expect(home.body).toMatchObject({ unitId: null, unitName: null, kindLabel: KIND_LABEL.FIRE });
    expect(home.body.address).toBeTruthy();
  });

  it("calls a unit's fire the same on the board, the wall and 火警确认", async () => {
    const token = await t.loginStaff("supervisor");
    const board = await t.request<Summary>("GET", `/api/alarms/${unitAlarm}`, { token });
    const wall = await t.request<{ alarm: { kindLabel: string } }>("GET", `/api/centre/alarms/${unitAlarm}`, {
      token,
    });
    const confirm = await t.request<{ items: { id: string; kindLabel: string }[] }>("GET", "/api/centre/board", {
      token,
    });
    expect(wall.status).toBe(200);
    expect(confirm.status).toBe(200);
    const waiting = confirm.body.items.find((a) => a.id === unitAlarm);
    expect(board.body.kindLabel).toBe(UNIT_KIND_LABEL.FIRE);
    expect(wall.body.alarm.kindLabel).toBe(board.body.kindLabel);
    expect(waiting?.kindLabel).toBe(board.body.kindLabel);
  });
});
