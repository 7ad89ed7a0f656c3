// Demo data for notifications, added after the demo county (prisma/seed/demo-seed.ts): the demo residents
// count as subscribed (long-term) to the alarm and reminder templates, as if they had tapped "allow" in the
// mini-program, and 安居物业's staff member is on duty, so the chain has someone to call at step 2.
import type { Prisma } from "../../api/src/db/client.ts";
import type { Clock } from "../../api/src/shared/clock.ts";
import type { DemoInfo } from "./demo-seed.ts";

export async function seedNotificationDemo(
  prisma: Prisma,
  demo: DemoInfo,
  templates: { alarm: string; reminder: string },
  clock: Clock,
): Promise<number> {
  let added = 0;
  const residents = await prisma.resident.findMany({
    where: { openid: { in: demo.residents.map((r) => r.openid) } },
    select: { id: true },
  });
  for (const r of residents) {
    for (const template of [templates.alarm, templates.reminder]) {
      const exists = await prisma.subscribeConsent.findUnique({
        where: { residentId_template: { residentId: r.id, template } },
      });
      if (exists) continue;
      await prisma.subscribeConsent.create({ data: { residentId: r.id, template, longTerm: true } });
      added++;
    }
  }
  const onDuty = await prisma.staffUser.findUnique({ where: { username: "staff_a" } });
  if (onDuty?.propertyCompanyId && (await prisma.dutyShift.count({ where: { staffUserId: onDuty.id } })) === 0) {
    const now = clock.now().getTime();
    await prisma.dutyShift.create({
      data: {
        propertyCompanyId: onDuty.propertyCompanyId,
        staffUserId: onDuty.id,
        startsAt: new Date(now - 24 * 3600_000),
        endsAt: new Date(now + 365 * 24 * 3600_000),
      },
    });
    added++;
  }
  return added;
}
