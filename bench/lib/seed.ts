// The bench measures the API as deployed (NODE_ENV=production), which never seeds demo data (issue 12
// item 5). So the bench seeds its own database first, with the same demo county `npm start` would make,
// and writes demo.json into the bench's data directory for the load generators.
import path from "node:path";
import { applyMigrations } from "../../api/src/db/migrations.ts";
import { openDb } from "../../api/src/db/client.ts";
import { parseDatabaseUrl } from "../../api/src/db/url.ts";
import { systemClock } from "../../api/src/shared/clock.ts";
import { seedNotificationDemo } from "../../prisma/seed/notifications-demo.ts";
import { seedDemoIfEmpty } from "../../prisma/seed/demo-seed.ts";
import { seedBookingsDemoIfEmpty } from "../../prisma/seed/bookings-seed.ts";

/** The default subscribe-message template ids (config.ts WECHAT_TEMPLATE_*), which the bench does not change. */
const TEMPLATES = { alarm: "anxin-tpl-alarm", reminder: "anxin-tpl-reminder" };

export async function seedBenchDatabase(databaseUrl: string, dataDir: string): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  await applyMigrations(target);
  const db = await openDb(target);
  try {
    const demo = await seedDemoIfEmpty(db.prisma, { dataDir: path.resolve(dataDir) });
    await seedBookingsDemoIfEmpty(db.prisma, { clock: systemClock });
    if (demo) await seedNotificationDemo(db.prisma, demo, TEMPLATES, systemClock);
  } finally {
    await db.close();
  }
}
