// The townships a caller is offered (GET /api/setup/townships: the console's 登记新单位 form and the register's
// filter) are those of the caller's scope: the county's all, a township coordinator their own (another
// township's id only ever answered 找不到该乡镇/街道), the others the townships of the units they see.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../api/src/modules/units/index.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Township {
  id: string;
  name: string;
}
let t: TestApi;

async function townshipsOf(username: string): Promise<string[]> {
  const r = await t.request<{ items: Township[] }>("GET", "/api/setup/townships", {
    token: await t.loginStaff(username),
  });
  expect(r.status, username).toBe(200);
  return r.body.items.map((x) => x.name).sort();
}

beforeAll(async () => {
  t = await startTestApi();
}, 120_000);
afterAll(() => t?.close());

describe("the townships offered", () => {
  it("the county's people are offered every township", async () => {
    for (const u of ["admin", "programme", "supervisor", "centre_op"])
      expect(await townshipsOf(u), u).toEqual(["城关街道", "青石镇"]);
  });

  it("the coordinator of 城关街道 is offered 城关街道 only, and each township offered takes a unit", async () => {
    expect(await townshipsOf("coordinator")).toEqual(["城关街道"]);
    const token = await t.loginStaff("coordinator");
    const offered = (await t.request<{ items: Township[] }>("GET", "/api/setup/townships", { token })).body.items;
    const made = await t.request<{ id: string; township: { name: string } }>("POST", "/api/units", {
      token,
      body: {
        name: "城关街道敬老院",
        creditCode: `52360199MJ7654300${creditCodeCheckChar("52360199MJ7654300")!}`,
        category: "NURSING_HOME",
        townshipId: offered[0]!.id,
        address: "城关街道人民路 9 号",
      },
    });
    expect(made.status).toBe(201);
    expect(made.body.township.name).toBe("城关街道");
    // the filter by an offered township keeps the coordinator's units, all of them
    const all = await t.request<{ total: number }>("GET", "/api/units?limit=100", { token });
    const filtered = await t.request<{ total: number }>("GET", `/api/units?limit=100&townshipId=${offered[0]!.id}`, {
      token,
    });
    expect(filtered.body.total).toBe(all.body.total);
  });

  it("others are offered the townships of the units they see, and nobody sees none", async () => {
    // the hospital's people: their unit's township
    const hospital = t.demo.units!.find((u) => u.key === "yy")!;
    const row = await t.api.db.prisma.networkedUnit.findUniqueOrThrow({
      where: { id: hospital.id },
      select: { township: { select: { name: true } } },
    });
    expect(await townshipsOf("yy_zeren")).toEqual([row.township.name]);
    // a property company sees no networked units: no township to register or filter one in
    expect(await townshipsOf("manager_a")).toEqual([]);
  });
});
