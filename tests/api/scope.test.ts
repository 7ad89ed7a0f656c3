// Data scope is enforced on the server: a resident sees only their homes, a property company only its
// communities, a township coordinator only their township; the fire brigade sees the county.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

type Communities = { items: { id: string; name: string }[] };

describe("residents", () => {
  it("list only their own homes", async () => {
    const token = await t.loginResident("zhangsan");
    const res = await t.request<{ items: { id: string; address: string; role: string }[] }>("GET", "/api/households", {
      token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((h) => h.address)).toEqual(["幸福小区 1号楼 1单元 1201"]);
    expect(res.body.items[0]!.role).toBe("OWNER");
  });

  it("get 404 for another household's id, as for one that does not exist", async () => {
    const token = await t.loginResident("zhangsan");
    const wangwuHome = t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.id;
    const res = await t.request<{ error: { code: string } }>("GET", `/api/households/${wangwuHome}`, { token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    for (const [method, path, body] of [
      ["POST", `/api/households/${wangwuHome}/invites`, { role: "FAMILY" }],
      ["POST", `/api/households/${wangwuHome}/contacts`, { name: "x", phone: "13900000000" }],
    ] as const) {
      const r = await t.request(method, path, { token, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
  });

  it("see members with masked phone numbers", async () => {
    const token = await t.loginResident("lisi");
    const home = t.demo.residents.find((r) => r.key === "lisi")!.households[0]!.id;
    const res = await t.request<{ members: { phone: string; role: string }[]; emergencyContacts: { phone: string }[] }>(
      "GET",
      `/api/households/${home}`,
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body.members.map((m) => m.role).sort()).toEqual(["FAMILY", "OWNER"]);
    for (const m of res.body.members) expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(res.body.emergencyContacts).toHaveLength(2);
  });
});

describe("staff", () => {
  it("company B sees none of company A's communities, by list or by id", async () => {
    const a = await t.request<Communities>("GET", "/api/communities", { token: await t.loginStaff("manager_a") });
    const b = await t.request<Communities>("GET", "/api/communities", { token: await t.loginStaff("manager_b") });
    expect(a.body.items.map((c) => c.name).sort()).toEqual(["幸福小区", "青石新村"]);
    expect(b.body.items.map((c) => c.name)).toEqual(["和平花园"]);
    const tokenB = await t.loginStaff("manager_b");
    for (const c of a.body.items) {
      expect((await t.request("GET", `/api/communities/${c.id}`, { token: tokenB })).status).toBe(404);
      expect((await t.request("GET", `/api/communities/${c.id}/households`, { token: tokenB })).status).toBe(404);
    }
    // its own community by id: buildings and units, as the contract's communityDetail says
    const tokenA = await t.loginStaff("manager_a");
    const own = await t.request<{ name: string; buildings: { units: { households: number }[] }[] }>(
      "GET",
      `/api/communities/${a.body.items[0]!.id}`,
      { token: tokenA },
    );
    expect(own.status).toBe(200);
    expect(own.body.name).toBe(a.body.items[0]!.name);
    expect(own.body.buildings.flatMap((x) => x.units).some((u) => u.households > 0)).toBe(true);
    // and its devices, every one in its communities (the contract's staffDeviceList)
    const devices = await t.request<{ total: number; items: { communityId: string | null; serial: string }[] }>(
      "GET",
      "/api/devices?limit=200",
      { token: tokenA },
    );
    expect(devices.status).toBe(200);
    expect(devices.body.total).toBeGreaterThan(0);
    const ids = new Set(a.body.items.map((c) => c.id));
    for (const d of devices.body.items) expect(ids.has(d.communityId ?? ""), d.serial).toBe(true);
    const zhangsanHome = t.demo.residents[0]!.households[0]!.id;
    expect((await t.request("GET", `/api/households/${zhangsanHome}`, { token: tokenB })).status).toBe(404);
    expect(
      (await t.request("GET", `/api/households/${zhangsanHome}`, { token: await t.loginStaff("manager_a") })).status,
    ).toBe(200);
  });

  it("a township coordinator sees only their township; the supervisor the county", async () => {
    const c = await t.request<Communities>("GET", "/api/communities", { token: await t.loginStaff("coordinator") });
    expect(c.body.items.map((x) => x.name).sort()).toEqual(["和平花园", "幸福小区"]);
    const s = await t.request<Communities>("GET", "/api/communities", { token: await t.loginStaff("supervisor") });
    expect(s.body.items).toHaveLength(3);
  });

  it("pages households of a community on the server", async () => {
    const token = await t.loginStaff("manager_a");
    const list = await t.request<Communities>("GET", "/api/communities", { token });
    const id = list.body.items.find((c) => c.name === "幸福小区")!.id;
    const p1 = await t.request<{ total: number; items: { id: string }[] }>(
      "GET",
      `/api/communities/${id}/households?limit=20`,
      { token },
    );
    const p2 = await t.request<{ total: number; items: { id: string }[] }>(
      "GET",
      `/api/communities/${id}/households?limit=20&offset=20`,
      { token },
    );
    expect(p1.body.total).toBe(68);
    expect(p1.body.items).toHaveLength(20);
    expect(new Set([...p1.body.items, ...p2.body.items].map((h) => h.id)).size).toBe(40);
    expect((await t.request("GET", `/api/communities/${id}/households?limit=5000`, { token })).status).toBe(400);
    // who lives there, for staff reaching a home in an emergency: names and roles, phone numbers masked
    const all = await t.request<{
      items: { id: string; residents: { name: string | null; role: string; phone: string }[] }[];
    }>("GET", `/api/communities/${id}/households?limit=200`, { token });
    const home = all.body.items.find((h) => h.id === t.demo.residents[0]!.households[0]!.id)!;
    expect(home.residents).toEqual([
      { name: "张三", role: "OWNER", phone: "138****0001" },
      { name: "李四", role: "FAMILY", phone: "138****0002" },
    ]);
  });
});

describe("households", () => {
  it("owners invite family; an invitation works once; tenants cannot edit contacts", async () => {
    const owner = await t.loginResident("zhangsan");
    const home = t.demo.residents[0]!.households[0]!.id;
    const inv = await t.request<{ code: string }>("POST", `/api/households/${home}/invites`, {
      token: owner,
      body: { role: "TENANT" },
    });
    expect(inv.status).toBe(201);
    const newcomer = await t.loginResident("newcomer");
    const join = await t.request<{ householdId: string; role: string }>("POST", "/api/households/join", {
      token: newcomer,
      body: { code: inv.body.code.toLowerCase() },
    });
    expect(join.body).toEqual({ householdId: home, role: "TENANT" });
    const again = await t.request<{ error: { code: string } }>("POST", "/api/households/join", {
      token: await t.loginResident("another"),
      body: { code: inv.body.code },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("INVITE_INVALID");
    const contact = await t.request("POST", `/api/households/${home}/contacts`, {
      token: newcomer,
      body: { name: "租户朋友", phone: "13900000009" },
    });
    expect(contact.status).toBe(403);
    const famInvite = await t.request("POST", `/api/households/${home}/invites`, {
      token: newcomer,
      body: { role: "FAMILY" },
    });
    expect(famInvite.status).toBe(403);
  });

  it("an owner invitation from the property company claims a home", async () => {
    const invite = t.demo.ownerInvites[0]!;
    const token = await t.loginResident("claimer");
    const r = await t.request<{ role: string }>("POST", "/api/households/join", { token, body: { code: invite.code } });
    expect(r.status).toBe(200);
    expect(r.body.role).toBe("OWNER");
    const mine = await t.request<{ items: { address: string; claimed: boolean }[] }>("GET", "/api/households", {
      token,
    });
    expect(mine.body.items).toEqual([expect.objectContaining({ address: invite.address, claimed: true })]);
  });

  it("lets a resident opt in to neighbours' unanswered fire alarms, only in their own home", async () => {
    const token = await t.loginResident("wangwu");
    const home = t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.id;
    const r = await t.request<{ neighbourAlerts: boolean }>("PATCH", `/api/households/${home}/membership`, {
      token,
      body: { neighbourAlerts: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.neighbourAlerts).toBe(true);
    const detail = await t.request<{ members: { isMe: boolean; neighbourAlerts: boolean }[] }>(
      "GET",
      `/api/households/${home}`,
      { token },
    );
    expect(detail.body.members.find((m) => m.isMe)?.neighbourAlerts).toBe(true);
    const other = await t.request("PATCH", `/api/households/${t.demo.residents[0]!.households[0]!.id}/membership`, {
      token,
      body: { neighbourAlerts: true },
    });
    expect(other.status).toBe(404);
  });

  it("rejects a malformed phone with a clear message", async () => {
    const r = await t.request<{ error: { code: string; message: string } }>(
      "POST",
      `/api/households/${t.demo.residents[0]!.households[0]!.id}/contacts`,
      {
        token: await t.loginResident("zhangsan"),
        body: { name: "某人", phone: "12345" },
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    expect(r.body.error.message).toContain("phone");
  });
});
