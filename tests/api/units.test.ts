// Networked units over HTTP (issue 14): each role sees its scope and nothing else (another unit's id is a
// 404), a unit is registered and its file filled, the county's sheets import all or nothing with every
// bad row reported, and a new account set up by a unit's responsible person accepts its invitation and
// signs in to see its unit.
import type { Workbook } from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../api/src/modules/units/index.ts";
import { loadExcel } from "../../api/src/modules/imports/index.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Summary {
  id: string;
  name: string;
  category: string;
  sector: string;
  township: { id: string; name: string };
}
interface List {
  total: number;
  items: Summary[];
}
const cc = (first17: string) => first17 + creditCodeCheckChar(first17)!;

let t: TestApi;
let all: Summary[];
const unitId = (key: string) => t.demo.units!.find((u) => u.key === key)!.id;

async function listAs(username: string, query = ""): Promise<Summary[]> {
  const r = await t.request<List>("GET", `/api/units?limit=100${query}`, { token: await t.loginStaff(username) });
  expect(r.status, username).toBe(200);
  return r.body.items;
}

beforeAll(async () => {
  t = await startTestApi();
  all = await listAs("admin");
}, 120_000);
afterAll(() => t?.close());

describe("who sees which units", () => {
  it("the county (supervisor, centre operator, programme office) sees all nine", async () => {
    expect(all).toHaveLength(t.demo.units!.length);
    expect(all.length).toBeGreaterThanOrEqual(8);
    for (const u of ["supervisor", "centre_op", "programme"]) expect(await listAs(u), u).toHaveLength(all.length);
  });

  it("a unit's people see only their unit; another unit's id answers 404", async () => {
    for (const username of ["yy_zeren", "yy_guanli", "yy_anquan", "yy_zhiban1"]) {
      expect(
        (await listAs(username)).map((u) => u.id),
        username,
      ).toEqual([unitId("yy")]);
      const token = await t.loginStaff(username);
      expect((await t.request("GET", `/api/units/${unitId("yy")}`, { token })).status).toBe(200);
      const other = await t.request<{ error: { code: string } }>("GET", `/api/units/${unitId("yz")}`, { token });
      expect(other.status).toBe(404);
      expect(other.body.error.code).toBe("NOT_FOUND");
      expect((await t.request("GET", `/api/units/${unitId("yz")}/documents`, { token })).status).toBe(404);
    }
  });

  it("the education regulator sees schools and kindergartens only, the health regulator the hospital", async () => {
    const edu = await listAs("reg_edu");
    expect(edu.map((u) => u.id).sort()).toEqual(
      all
        .filter((u) => u.sector === "EDUCATION")
        .map((u) => u.id)
        .sort(),
    );
    expect(edu.map((u) => u.category).sort()).toEqual(["BOARDING_SCHOOL", "KINDERGARTEN"]);
    const health = await listAs("reg_health");
    expect(health.map((u) => u.category)).toEqual(["HOSPITAL"]);
    const token = await t.loginStaff("reg_edu");
    expect((await t.request("GET", `/api/units/${unitId("yy")}`, { token })).status).toBe(404);
    // a filter cannot widen the scope
    expect(await listAs("reg_edu", "&sector=HEALTH")).toEqual([]);
  });

  it("the civil-affairs regulator sees the nursing home only: another sector's unit answers 404", async () => {
    const civil = await listAs("reg_civil");
    expect(civil.map((u) => u.id).sort()).toEqual(
      all
        .filter((u) => u.sector === "CIVIL_AFFAIRS")
        .map((u) => u.id)
        .sort(),
    );
    expect(civil.map((u) => u.category)).toEqual(["NURSING_HOME"]);
    const token = await t.loginStaff("reg_civil");
    expect((await t.request("GET", `/api/units/${unitId("jly")}`, { token })).status).toBe(200);
    for (const other of ["yy", "yz"]) {
      const r = await t.request<{ error: { code: string } }>("GET", `/api/units/${unitId(other)}`, { token });
      expect(r.status, other).toBe(404);
    }
    expect(await listAs("reg_civil", "&sector=HEALTH")).toEqual([]);
  });

  it("a maintenance technician sees the units their company maintains, a coordinator their township", async () => {
    const tech = await listAs("wb_wang");
    expect(tech.length).toBeGreaterThan(0);
    expect(tech.length).toBeLessThan(all.length);
    const token = await t.loginStaff("wb_wang");
    for (const u of tech) {
      const f = await t.request<{
        maintenanceCompany: { name: string } | null;
        facilities: { maintenanceCompany: { name: string } | null }[];
      }>("GET", `/api/units/${u.id}`, { token });
      const names = [f.body.maintenanceCompany?.name, ...f.body.facilities.map((x) => x.maintenanceCompany?.name)];
      expect(names, u.name).toContain(t.demo.serviceCompanies!.find((c) => c.key === "maintenance")!.name);
    }
    const coordinator = await listAs("coordinator");
    expect(coordinator.length).toBeGreaterThan(0);
    expect(new Set(coordinator.map((u) => u.township.name))).toEqual(new Set(["城关街道"]));
    expect(coordinator).toHaveLength(all.filter((u) => u.township.name === "城关街道").length);
  });

  it("counts the units with an automatic fire alarm system within the scope (the register's card)", async () => {
    const withSystem = async (username: string) => {
      const r = await t.request<{ items: { id: string; hasAutoFireAlarm: boolean }[] }>(
        "GET",
        "/api/units?limit=100&hasAutoFireAlarm=true",
        { token: await t.loginStaff(username) },
      );
      expect(r.status, username).toBe(200);
      expect(
        r.body.items.every((u) => u.hasAutoFireAlarm),
        username,
      ).toBe(true);
      return r.body.items.map((u) => u.id).sort();
    };
    const county = await withSystem("admin");
    const everything = await t.request<{ items: { id: string; hasAutoFireAlarm: boolean }[] }>(
      "GET",
      "/api/units?limit=100",
      { token: await t.loginStaff("admin") },
    );
    expect(county).toEqual(
      everything.body.items
        .filter((u) => u.hasAutoFireAlarm)
        .map((u) => u.id)
        .sort(),
    );
    expect(county.length).toBeGreaterThan(0);
    // a sector regulator counts only their sector's
    const edu = new Set((await listAs("reg_edu")).map((u) => u.id));
    expect((await withSystem("reg_edu")).every((id) => edu.has(id))).toBe(true);
    const none = await t.request<List>("GET", "/api/units?hasAutoFireAlarm=false&limit=100", {
      token: await t.loginStaff("admin"),
    });
    expect(none.body.total + county.length).toBe(everything.body.items.length);
  });

  it("roles without units (property companies, residents) are refused the routes", async () => {
    const r = await t.request("GET", "/api/units", { token: await t.loginStaff("manager_a") });
    expect(r.status).toBe(403);
  });
});

describe("registering and filling in a unit", () => {
  it("checks the credit code, then creates the file; the unit's manager fills in its buildings", async () => {
    const token = await t.loginStaff("programme");
    const township = all.find((u) => u.township.name === "青石镇")!.township.id;
    const body = {
      name: "青石镇敬老院二部",
      creditCode: cc("52360199MJ1234567"),
      category: "NURSING_HOME",
      townshipId: township,
      address: "青石镇幸福路 8 号",
      buildings: [{ name: "住养楼", floorsAbove: 4, heightM: 15 }],
      facilities: [{ kind: "EXTINGUISHERS", count: 40 }],
    };
    const wrong = `${body.creditCode.slice(0, 17)}${body.creditCode.endsWith("1") ? "2" : "1"}`;
    const bad = await t.request<{ error: { code: string; message: string } }>("POST", "/api/units", {
      token,
      body: { ...body, creditCode: wrong },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/校验/);
    const made = await t.request<{ id: string; sector: string; buildings: { name: string }[] }>("POST", "/api/units", {
      token,
      body,
    });
    expect(made.status).toBe(201);
    expect(made.body.sector).toBe("CIVIL_AFFAIRS");
    expect(made.body.buildings.map((b) => b.name)).toEqual(["住养楼"]);
    // a safety officer of another unit does not see it; the coordinator of another township neither
    expect(
      (await t.request("GET", `/api/units/${made.body.id}`, { token: await t.loginStaff("yy_anquan") })).status,
    ).toBe(404);
    expect(
      (await t.request("GET", `/api/units/${made.body.id}`, { token: await t.loginStaff("coordinator") })).status,
    ).toBe(404);
    // the hospital's manager fills in their own file, but cannot change its registered facts
    const manager = await t.loginStaff("yy_guanli");
    const filled = await t.request<{ keyParts: { name: string }[] }>("PATCH", `/api/units/${unitId("yy")}`, {
      token: manager,
      body: { controlRoomPhone: "0791-88881119", keyParts: [{ name: "高压氧舱", floor: 1 }] },
    });
    expect(filled.status).toBe(200);
    expect(filled.body.keyParts.map((k) => k.name)).toEqual(["高压氧舱"]);
    const renamed = await t.request("PATCH", `/api/units/${unitId("yy")}`, {
      token: manager,
      body: { name: "改名医院" },
    });
    expect(renamed.status).toBe(403);
  });

  it("stores an emergency plan judged by its content and serves it only in scope", async () => {
    const token = await t.loginStaff("yy_zeren");
    const pdf = Buffer.from("%PDF-1.4\n% 灭火和应急疏散预案\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    const up = await fetch(
      `${t.url}/api/units/${unitId("yy")}/documents?kind=EMERGENCY_PLAN&title=${encodeURIComponent("2026年预案")}`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/pdf" }, body: pdf },
    );
    expect(up.status).toBe(201);
    const doc = (await up.json()) as { id: string; contentType: string };
    expect(doc.contentType).toBe("application/pdf");
    const got = await fetch(`${t.url}/api/units/${unitId("yy")}/documents/${doc.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pdf)).toBe(true);
    const outsider = await fetch(`${t.url}/api/units/${unitId("yy")}/documents/${doc.id}`, {
      headers: { authorization: `Bearer ${await t.loginStaff("reg_edu")}` },
    });
    expect(outsider.status).toBe(404);
    const notPdf = await fetch(`${t.url}/api/units/${unitId("yy")}/documents?kind=EMERGENCY_PLAN&title=x`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      body: Buffer.from("MZ not a document"),
    });
    expect(notPdf.status).toBe(400);
  });
});

describe("imports and invitations", () => {
  async function sheet(kind: string, rows: (string | number | null)[][]): Promise<Buffer> {
    const token = await t.loginStaff("admin");
    const res = await fetch(`${t.url}/api/setup/imports/${kind}/template.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const ExcelJS = await loadExcel();
    const wb: Workbook = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = async (kind: string, file: Buffer, username = "admin") => {
    const res = await fetch(`${t.url}/api/setup/imports/${kind}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await t.loginStaff(username)}`,
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: file,
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        ok: boolean;
        written: number;
        errors: { row: number; column: string | null; reason: string }[];
      },
    };
  };

  it("imports townships all or nothing, each bad row with its row, column and reason", async () => {
    const before = (
      await t.request<{ items: unknown[] }>("GET", "/api/setup/townships", {
        token: await t.loginStaff("admin"),
      })
    ).body.items.length;
    const bad = await upload(
      "townships",
      await sheet("townships", [
        ["白沙镇", "镇"],
        ["", "镇"],
        ["东湖街道", "村"],
      ]),
    );
    expect(bad.status).toBe(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.written).toBe(0);
    expect(bad.body.errors.map((e) => e.row)).toEqual([4, 5]);
    for (const e of bad.body.errors) {
      expect(e.column).not.toBeNull();
      expect(e.reason.length).toBeGreaterThan(0);
    }
    const mid = (
      await t.request<{ items: unknown[] }>("GET", "/api/setup/townships", {
        token: await t.loginStaff("admin"),
      })
    ).body.items.length;
    expect(mid).toBe(before);
    const good = await upload(
      "townships",
      await sheet("townships", [
        ["白沙镇", "镇"],
        ["东湖街道", "街道"],
      ]),
    );
    expect(good.body).toMatchObject({ ok: true, written: 2 });
    expect((await upload("townships", await sheet("townships", [["西山镇", "镇"]]), "yy_zeren")).status).toBe(403);
  });

  it("a unit's responsible person invites an operator, who sets a password and sees the unit", async () => {
    const boss = await t.loginStaff("yy_zeren");
    const made = await t.request<{ staff: { id: string; hasPassword: boolean }; invitation: { code: string } }>(
      "POST",
      "/api/setup/staff",
      {
        token: boss,
        body: { username: "yy_zhiban3", name: "夜班 刘强", role: "CONTROL_ROOM_OPERATOR", unitIds: [unitId("yy")] },
      },
    );
    expect(made.status).toBe(201);
    expect(made.body.staff.hasPassword).toBe(false);
    // another unit's operator is not theirs to create
    const foreign = await t.request("POST", "/api/setup/staff", {
      token: boss,
      body: { username: "yz_zhiban9", name: "外人", role: "CONTROL_ROOM_OPERATOR", unitIds: [unitId("yz")] },
    });
    expect([403, 404]).toContain(foreign.status);
    const team = await t.request<{ items: { username: string; hasPassword: boolean }[] }>(
      "GET",
      `/api/setup/units/${unitId("yy")}/staff`,
      { token: boss },
    );
    expect(team.body.items.find((s) => s.username === "yy_zhiban3")?.hasPassword).toBe(false);
    const weak = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: made.body.invitation.code, password: "12345678" },
    });
    expect(weak.status).toBe(400);
    const accepted = await t.request<{ username: string }>("POST", "/api/auth/staff/accept-invite", {
      body: { code: made.body.invitation.code, password: "夜班值守-Safe-2026" },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.username).toBe("yy_zhiban3");
    const again = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: made.body.invitation.code, password: "another-Pass-2026" },
    });
    expect(again.status).toBe(400);
    const login = await t.request<{ accessToken: string; user: { role: string } }>("POST", "/api/auth/staff/login", {
      body: { username: "yy_zhiban3", password: "夜班值守-Safe-2026" },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe("CONTROL_ROOM_OPERATOR");
    const mine = await t.request<List>("GET", "/api/units", { token: login.body.accessToken });
    expect(mine.body.items.map((u) => u.id)).toEqual([unitId("yy")]);
  });
});
