// A device model says how it is powered and how it reaches us (DeviceModel.power, .network; null: not entered),
// on SQLite and PostgreSQL: the catalogue lists them, the county's administrator sets, keeps and clears them and
// is refused a value the contract does not know, every demo model has them, and a resident's home list and a
// device's page carry them to the mini-program (whose advice follows them).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceDetail, DeviceModelListResponse, HouseholdListResponse } from "../../api/src/contract/index.ts";
import { SYSTEM_DEVICE_KINDS } from "../../api/src/contract/labels.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a device model's power and network on ${provider}`, () => {
    let t: TestApi;
    let admin = "";

    beforeAll(async () => {
      t = await startTestApi({ provider });
      admin = await t.loginStaff("admin");
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    const models = async () => {
      const r = await t.request<DeviceModelListResponse>("GET", "/api/device-models", { token: admin });
      expect(r.status).toBe(200);
      return new Map(r.body.items.map((m) => [m.id, m]));
    };
    const put = (id: string, body: Record<string, unknown>) =>
      t.request<{
        id: string;
        created: boolean;
        error?: { code: string; details?: { path: string }[] };
      }>("PUT", `/api/device-models/${id}`, {
        token: admin,
        body,
      });
    const smoke = {
      kind: "SMOKE_ALARM",
      vendor: "赣安电子",
      name: "独立式感烟火灾探测报警器",
      heartbeatIntervalSec: 3600,
    };

    it("lists every demo model with how it is powered and reaches us, truthful to its name", async () => {
      const all = await models();
      const demo = [...all.values()].filter((m) => !SYSTEM_DEVICE_KINDS.includes(m.kind));
      expect(demo.length).toBeGreaterThanOrEqual(12);
      for (const m of demo) {
        expect(m.power, m.id).not.toBeNull();
        expect(m.network, m.id).not.toBeNull();
      }
      expect(all.get("AX-SA100")).toMatchObject({ power: "BATTERY", network: "NB_IOT" });
      expect(all.get("AX-SA200")).toMatchObject({ power: "MAINS", network: "WIFI" });
      expect(all.get("AX-NB-ON-GAS")).toMatchObject({ power: "MAINS", network: "NB_IOT" });
      for (const m of demo.filter((x) => /NB-IoT/.test(x.name))) expect(m.network, m.id).toBe("NB_IOT");
    });

    it("lets the administrator set them, keeps them when a change leaves them out, and clears them with null", async () => {
      const created = await put("GA-YG02", { ...smoke, power: "MAINS_BATTERY", network: "CELLULAR" });
      expect(created.status).toBe(200);
      expect(created.body.created).toBe(true);
      expect((await models()).get("GA-YG02")).toMatchObject({ power: "MAINS_BATTERY", network: "CELLULAR" });

      // a client that does not know the fields (an older console) changes the name and keeps them
      expect((await put("GA-YG02", { ...smoke, name: "感烟报警器（改名）" })).status).toBe(200);
      expect((await models()).get("GA-YG02")).toMatchObject({
        name: "感烟报警器（改名）",
        power: "MAINS_BATTERY",
        network: "CELLULAR",
      });

      // 未填写: null clears one, the other stays
      expect((await put("GA-YG02", { ...smoke, power: null })).status).toBe(200);
      expect((await models()).get("GA-YG02")).toMatchObject({ power: null, network: "CELLULAR" });

      // a new model without them is not entered
      expect((await put("GA-YG03", smoke)).status).toBe(200);
      expect((await models()).get("GA-YG03")).toMatchObject({ power: null, network: null });
    });

    it("refuses a value the contract does not know, and writes nothing", async () => {
      for (const bad of [{ power: "SOLAR" }, { network: "5G" }, { power: 1 }, { network: "wifi" }]) {
        const r = await put("GA-YG04", { ...smoke, ...bad });
        expect(r.status, JSON.stringify(bad)).toBe(400);
        expect(r.body.error?.code).toBe("VALIDATION_FAILED");
        // named as the form's field, so the console marks it there
        expect(r.body.error?.details).toEqual([expect.objectContaining({ path: Object.keys(bad)[0] })]);
      }
      expect((await models()).has("GA-YG04")).toBe(false);
    });

    it("lets no one but the administrator set them", async () => {
      const manager = await t.loginStaff("manager_a");
      const r = await t.request("PUT", "/api/device-models/AX-SA100", {
        token: manager,
        body: { ...smoke, power: "MAINS", network: "WIFI" },
      });
      expect(r.status).toBe(403);
      expect((await models()).get("AX-SA100")).toMatchObject({ power: "BATTERY", network: "NB_IOT" });
    });

    it("gives the resident's home list and a device's page the model's power and network", async () => {
      const token = await t.loginResident("zhangsan");
      const homes = await t.request<HouseholdListResponse>("GET", "/api/households", { token });
      expect(homes.status).toBe(200);
      const devices = homes.body.items.flatMap((h) => h.devices);
      const kitchen = devices.find((d) => d.modelName === "独立式光电感烟报警器（Wi-Fi，市电）");
      expect(kitchen).toMatchObject({ power: "MAINS", network: "WIFI" });
      const nb = devices.find((d) => d.modelName === "独立式光电感烟报警器（NB-IoT，电池）");
      expect(nb).toMatchObject({ power: "BATTERY", network: "NB_IOT" });

      const one = await t.request<DeviceDetail>("GET", `/api/devices/${kitchen!.id}`, { token });
      expect(one.status).toBe(200);
      expect(one.body.model).toMatchObject({ power: "MAINS", network: "WIFI" });

      // a model whose entry says nothing reads null in both
      await t.api.db.prisma.deviceModel.update({ where: { id: "AX-SA200" }, data: { power: null, network: null } });
      const again = await t.request<HouseholdListResponse>("GET", "/api/households", { token });
      expect(again.body.items.flatMap((h) => h.devices).find((d) => d.id === kitchen!.id)).toMatchObject({
        power: null,
        network: null,
      });
      const page = await t.request<DeviceDetail>("GET", `/api/devices/${kitchen!.id}`, { token });
      expect(page.body.model).toMatchObject({ power: null, network: null });
    });
  });
}
