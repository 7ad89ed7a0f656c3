import { describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import type { Prisma } from "../../db/client.ts";
import { TokenService } from "./token-service.ts";

// the rows TokenService reads and writes, in memory
function fakePrisma() {
  const sessions = new Map<string, { revokedAt: Date | null }>();
  let n = 0;
  const prisma = {
    authSession: {
      create: async () => {
        const id = `s${++n}`;
        sessions.set(id, { revokedAt: null });
        return { id };
      },
      findUnique: async ({ where }: { where: { id: string } }) => sessions.get(where.id) ?? null,
      findMany: async ({ where }: { where: { id: { in: string[] } } }) =>
        where.id.in.filter((id) => sessions.get(id)?.revokedAt === null).map((id) => ({ id })),
      updateMany: async ({ where, data }: { where: { id: string }; data: { revokedAt: Date } }) => {
        const s = sessions.get(where.id);
        if (s) s.revokedAt = data.revokedAt;
        return { count: s ? 1 : 0 };
      },
    },
    refreshToken: { create: async () => ({}), updateMany: async () => ({ count: 0 }) },
  };
  return prisma as unknown as Prisma;
}

describe("TokenService.verifyAccess", () => {
  const resident = { kind: "resident", id: "r1", role: "RESIDENT" } as const;

  it("accepts a token again without losing its expiry, signature or revocation", async () => {
    const clock = new ManualClock();
    const tokens = new TokenService(fakePrisma(), "k".repeat(40), clock, { accessSec: 900, refreshSec: 3600 });
    const { accessToken } = await tokens.issue(resident);
    const first = await tokens.verifyAccess(accessToken);
    expect(first).toMatchObject({ kind: "resident", id: "r1" });
    expect(await tokens.verifyAccess(accessToken)).toEqual(first); // the second time from the cache
    // a different signature is checked, never taken for the cached token
    const forged = accessToken.slice(0, -2) + (accessToken.endsWith("AA") ? "BB" : "AA");
    await expect(tokens.verifyAccess(forged)).rejects.toMatchObject({ code: "TOKEN_INVALID" });
    // expiry is checked on every use, cached or not
    clock.advance(899_000);
    await expect(tokens.verifyAccess(accessToken)).resolves.toMatchObject({ id: "r1" });
    clock.advance(1_000);
    await expect(tokens.verifyAccess(accessToken)).rejects.toThrow("登录已过期");
    // and a signed-out session ends its cached token at once
    const again = await tokens.issue(resident);
    const p = await tokens.verifyAccess(again.accessToken);
    await tokens.revokeSession(p.sessionId!);
    await expect(tokens.verifyAccess(again.accessToken)).rejects.toThrow("已退出登录");
  });
});

describe("TokenService.watch", () => {
  const staff = { kind: "staff", id: "s1", role: "PROPERTY_STAFF", propertyCompanyId: "pc", townshipId: null } as const;

  it("ends a watched stream when its session ends: at once here, at the next check when through another process", async () => {
    const clock = new ManualClock();
    const prisma = fakePrisma();
    const here = new TokenService(prisma, "k".repeat(40), clock, { accessSec: 900, refreshSec: 3600 });
    const elsewhere = new TokenService(prisma, "k".repeat(40), clock, { accessSec: 900, refreshSec: 3600 });
    const sid = async () => (await here.verifyAccess((await here.issue(staff)).accessToken)).sessionId!;
    const [a, b, c] = [await sid(), await sid(), await sid()];
    const ended: string[] = [];
    here.watch(a, () => ended.push("a"));
    here.watch(b, () => ended.push("b"));
    const stopC = here.watch(c, () => ended.push("c"));
    await here.revokeSession(a);
    expect(ended).toEqual(["a"]);
    await elsewhere.revokeSession(b); // another instance: this one learns it from the database
    expect(ended).toEqual(["a"]);
    await here.checkWatched();
    expect(ended).toEqual(["a", "b"]);
    stopC(); // the stream closed by itself: not ended again
    await elsewhere.revokeSession(c);
    await here.checkWatched();
    expect(ended).toEqual(["a", "b"]);
  });
});
