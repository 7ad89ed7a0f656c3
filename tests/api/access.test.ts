// Every route, every role: allowed exactly as the route declares, refused with 401 (no token) or 403
// (wrong role) otherwise. New routes are covered automatically because the list comes from the router.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../api/src/transport/http/routes/index.ts";
import { ALL_ROLES, type Role } from "../../api/src/modules/auth/principal.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const ACCOUNT: Partial<Record<Role, { kind: "staff" | "resident"; name: string }>> = {
  RESIDENT: { kind: "resident", name: "zhangsan" },
  PROPERTY_MANAGER: { kind: "staff", name: "manager_a" },
  PROPERTY_STAFF: { kind: "staff", name: "staff_a" },
  TOWNSHIP_COORDINATOR: { kind: "staff", name: "coordinator" },
  CENTRE_STAFF: { kind: "staff", name: "centre" },
  FIRE_SUPERVISOR: { kind: "staff", name: "supervisor" },
  ADMIN: { kind: "staff", name: "admin" },
  // the demo units' people (prisma/seed/units-demo.ts)
  UNIT_RESPONSIBLE: { kind: "staff", name: "yy_zeren" },
  UNIT_MANAGER: { kind: "staff", name: "yy_guanli" },
  UNIT_SAFETY_OFFICER: { kind: "staff", name: "yy_anquan" },
  CONTROL_ROOM_OPERATOR: { kind: "staff", name: "yy_zhiban1" },
  SECTOR_REGULATOR: { kind: "staff", name: "reg_edu" },
  MAINTENANCE_TECH: { kind: "staff", name: "wb_wang" },
  INSTALLER: { kind: "staff", name: "az_zhou" },
  CENTRE_OPERATOR: { kind: "staff", name: "centre_op" },
  PROGRAMME_OFFICE: { kind: "staff", name: "programme" },
};

// Ids that exist nowhere: an allowed caller gets past the role check and meets a 404 or a 400.
const fillPath = (p: string) => p.replace(/:([A-Za-z]+)/g, "does-not-exist");

let t: TestApi;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  t = await startTestApi();
  for (const role of ALL_ROLES) {
    const a = ACCOUNT[role];
    if (!a) continue; // no demo account for this role yet
    tokens.set(role, a.kind === "staff" ? await t.loginStaff(a.name) : await t.loginResident(a.name));
  }
});
afterAll(() => t?.close());

const guarded = allRoutes.filter((r) => r.access !== "public");

describe("route access", () => {
  it("covers every declared route", () => {
    expect(guarded.length).toBeGreaterThan(5);
  });

  for (const r of guarded) {
    const label = `${r.method.toUpperCase()} ${r.path}`;
    it(`${label}: 401 without a token, 401 with a forged one`, async () => {
      const res = await t.request(r.method, fillPath(r.path), { body: r.method === "get" ? undefined : {} });
      expect(res.status).toBe(401);
      expect((res.body as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
      const forged = await t.request(r.method, fillPath(r.path), {
        token: "eyJhbGciOiJub25lIn0.e30.",
        body: r.method === "get" ? undefined : {},
      });
      expect(forged.status).toBe(401);
    });

    for (const role of ALL_ROLES) {
      const allowed = r.access === "any" || (r.access as readonly Role[]).includes(role);
      it.skipIf(!ACCOUNT[role])(`${label}: ${role} is ${allowed ? "allowed" : "refused 403"}`, async () => {
        const res = await t.request(r.method, fillPath(r.path), {
          token: tokens.get(role),
          body: r.method === "get" ? undefined : {},
        });
        if (allowed) expect([401, 403]).not.toContain(res.status);
        else {
          expect(res.status).toBe(403);
          expect((res.body as { error: { code: string } }).error.code).toBe("FORBIDDEN");
        }
      });
    }
  }
});
