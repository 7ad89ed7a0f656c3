// POST /api/devices/bind/check: the mini-program checks a scanned QR or a typed serial and binding code at
// step 1, so a wrong code is refused where it can be corrected (issue 22, item 6). It answers the device's
// serial and model, binds nothing and spends nothing: the same code still binds afterwards. On SQLite and on
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Answer {
  serial?: string;
  modelName?: string;
  error?: { code: string; message: string };
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`checking a binding code on ${provider}`, () => {
    let t: TestApi;
    beforeAll(async () => {
      t = await startTestApi({ provider });
    });
    afterAll(() => t?.close());

    const unbound = () => t.demo.devices.filter((d) => d.bindCode && d.bindQr);
    const check = async (body: unknown, token?: string) =>
      t.request<Answer>("POST", "/api/devices/bind/check", {
        token: token ?? (await t.loginResident("zhangsan")),
        body,
      });

    it("answers the device for a right serial and code, and for a scanned QR; nothing is bound", async () => {
      const d = unbound()[0]!;
      const typed = await check({ serial: d.serial, bindCode: d.bindCode });
      expect(typed.status, JSON.stringify(typed.body)).toBe(200);
      expect(typed.body.serial).toBe(d.serial);
      expect(typed.body.modelName).toBeTruthy();
      const scanned = await check({ qr: d.bindQr });
      expect(scanned.status).toBe(200);
      expect(scanned.body.serial).toBe(d.serial);
      const row = await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: d.id } });
      expect(row.householdId).toBeNull();
      expect(row.bindTokenHash).not.toBeNull();
    });

    it("refuses a wrong code, an unknown serial and an empty request, in words", async () => {
      const d = unbound()[0]!;
      const wrong = await check({ serial: d.serial, bindCode: "WRONGCODE1" });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error?.code).toBe("BIND_CODE_INVALID");
      expect((await check({ serial: "SN0000000000", bindCode: d.bindCode })).body.error?.code).toBe(
        "BIND_CODE_INVALID",
      );
      expect((await check({ qr: "not a link" })).body.error?.code).toBe("BIND_CODE_INVALID");
      const empty = await check({ serial: d.serial });
      expect(empty.status).toBe(400);
      expect(empty.body.error?.code).toBe("VALIDATION_FAILED");
      const long = await check({ serial: "S".repeat(33), bindCode: "x" });
      expect(long.status).toBe(400);
    });

    it("says a device already bound is bound; after the check the same code still binds", async () => {
      const [a, b] = unbound();
      const token = await t.loginResident("zhangsan");
      const home = t.demo.residents[0]!.households[0]!.id;
      expect((await check({ serial: b!.serial, bindCode: b!.bindCode }, token)).status).toBe(200);
      const bound = await t.request("POST", "/api/devices/bind", {
        token,
        body: { serial: b!.serial, bindCode: b!.bindCode, householdId: home },
      });
      expect(bound.status).toBe(200);
      const again = await check({ serial: b!.serial, bindCode: b!.bindCode }, token);
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe("DEVICE_ALREADY_BOUND");
      // installers check codes too
      expect((await check({ qr: a!.bindQr }, await t.loginStaff("staff_a"))).status).toBe(200);
    });
  });
}
