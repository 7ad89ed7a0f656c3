// Several API instances on one PostgreSQL: a staff screen connected to one instance sees an alarm that
// another instance raised (the live feed is relayed with LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, postgresUnavailable, type TestDatabase } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { openFeed } from "../support/sse.ts";

const ci = process.env.CI === "true" || process.env.CI === "1";
const reason = await postgresUnavailable();
if (reason && !ci) console.warn(`[skipped] live relay suite: ${reason}`);

describe.skipIf(reason !== null && !ci)("live feed across two instances on PostgreSQL", () => {
  let db: TestDatabase;
  let a: TestApi;
  let b: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    a = await startTestApi({ database: db });
    b = await startTestApi({ database: db });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it("shows on instance B an alarm raised on instance A, and only to staff who may see it", async () => {
    const feedA = await openFeed(b.url, await b.loginStaff("manager_a"));
    const feedB = await openFeed(b.url, await b.loginStaff("manager_b"));
    try {
      expect(feedA.status).toBe(200);
      const device = a.demo.devices[0]!; // 幸福小区, 安居物业 (company A)
      await a.api.services.ingest.submit(
        device.id,
        JSON.stringify({ id: "relay-1", ts: Date.now(), type: "smoke_alarm" }),
        "test",
      );
      await a.api.services.ingest.drain();
      const alarm = await a.api.db.prisma.alarm.findFirstOrThrow({
        where: { deviceId: device.id, kind: "FIRE" },
      });
      const seen = await feedA.until((e) => e.type === "alarm" && e.alarmId === alarm.id, 20_000);
      expect(seen).not.toBeNull();
      // relayed through PostgreSQL, still what contract/live.ts says
      expect(feedA.refused).toEqual([]);
      expect(await feedB.until((e) => e.alarmId === alarm.id, 500)).toBeNull();
    } finally {
      feedA.close();
      feedB.close();
    }
  });
});
