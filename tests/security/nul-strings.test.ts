// A U+0000 in any string a request carries (a path parameter, a query, a body's value or key) is refused with
// 400 before any schema or database sees it. PostgreSQL's text refuses the character: 123 routes answered
// 500 to one (a review's fuzzer, `%00` in a parameter or "\u0000" in a field), some of them without sign-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../api/src/transport/http/routes/index.ts";
import { nulAt } from "../../api/src/transport/http/router.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

type Err = { error: { code: string; message: string } };

describe("finding U+0000 in a request's values", () => {
  it("names the field, in strings and keys at any depth, and nothing in clean values", () => {
    expect(nulAt({ a: [{ b: "x" }, { c: "y\u0000" }] }, "body")).toBe("body.a.1.c");
    expect(nulAt({ ["k\u0000"]: 1 }, "body")).toBe("body");
    expect(nulAt("\u0000", "params")).toBe("params");
    expect(nulAt({ a: ["x", 1, null, true, { b: "中文\n" }] }, "body")).toBeNull();
    expect(nulAt(undefined, "body")).toBeNull();
  });
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`U+0000 in requests on ${provider}`, () => {
    let t: TestApi;
    beforeAll(async () => {
      t = await startTestApi({ provider });
    });
    afterAll(() => t?.close());

    it("is a 400 naming the field, for a signed-out caller too", async () => {
      const login = await t.request<Err>("POST", "/api/auth/staff/login", {
        body: { username: "ad\u0000min", password: "whatever-it-is" },
      });
      expect(login.status).toBe(400);
      expect(login.body.error.code).toBe("VALIDATION_FAILED");
      expect(login.body.error.message).toContain("username");
      const centre = await t.request<Err>("GET", "/api/centres/%00");
      expect(centre.status).toBe(400);
      const query = await t.request<Err>("GET", "/api/sessions?centreId=%00");
      expect(query.status).toBe(400);
      expect(query.body.error.message).toContain("centreId");
    });

    it("never answers 500 for one in any route's path parameters", async () => {
      const admin = await t.loginStaff("admin");
      const routes = allRoutes.filter((r) => r.path.includes(":"));
      expect(routes.length).toBeGreaterThan(50);
      for (const r of routes) {
        const path = r.path.replace(/:(\w+)/g, "%00");
        const res = await t.request(r.method.toUpperCase(), path, {
          token: admin,
          ...(r.method === "get" ? {} : { body: {} }),
        });
        expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
      }
    });
  });
}
