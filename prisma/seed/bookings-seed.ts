// Demo experience centres on top of the demo county (demo-seed.ts): a county centre, a township station
// and a community room run by a property company, with weekly templates and sessions for the next 14 days.
// The demo `centre` staff account works at the county centre. Runs once: skipped when any centre exists.
import type { Prisma } from "../../api/src/db/client.ts";
import type { Clock } from "../../api/src/shared/clock.ts";
import type { Logger } from "../../api/src/shared/logger.ts";
import { BookingAccess } from "../../api/src/modules/bookings/booking-access.ts";
import { CentreService } from "../../api/src/modules/bookings/centre-service.ts";
import { addDays, countyDate } from "../../api/src/shared/county-time.ts";

type Topic = "SMOKE_ESCAPE" | "EXTINGUISHER_USE" | "HOME_HAZARDS" | "EBIKE_SAFETY" | "GAS_SAFETY" | "COMPREHENSIVE";
interface TemplateSpec {
  topic: Topic;
  title: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  capacity: number;
  minAge?: number;
}

const COUNTY_TEMPLATES: TemplateSpec[] = [
  {
    topic: "SMOKE_ESCAPE",
    title: "烟雾逃生体验",
    weekdays: [2, 3, 4, 5, 6, 7],
    startTime: "09:30",
    endTime: "10:30",
    capacity: 30,
    minAge: 6,
  },
  {
    topic: "EXTINGUISHER_USE",
    title: "灭火器实操",
    weekdays: [2, 3, 4, 5, 6, 7],
    startTime: "14:30",
    endTime: "15:30",
    capacity: 30,
    minAge: 12,
  },
  {
    topic: "COMPREHENSIVE",
    title: "亲子消防综合体验",
    weekdays: [6],
    startTime: "10:30",
    endTime: "12:00",
    capacity: 40,
    minAge: 5,
  },
];
const TOWNSHIP_TEMPLATES: TemplateSpec[] = [
  {
    topic: "COMPREHENSIVE",
    title: "消防安全综合体验",
    weekdays: [2, 4, 6],
    startTime: "09:30",
    endTime: "10:30",
    capacity: 25,
  },
  {
    topic: "EBIKE_SAFETY",
    title: "电动自行车充电安全",
    weekdays: [3, 5],
    startTime: "15:00",
    endTime: "16:00",
    capacity: 20,
    minAge: 14,
  },
];
const COMMUNITY_TEMPLATES: TemplateSpec[] = [
  {
    topic: "HOME_HAZARDS",
    title: "家庭火灾隐患排查",
    weekdays: [6, 7],
    startTime: "10:00",
    endTime: "10:45",
    capacity: 12,
  },
  {
    topic: "GAS_SAFETY",
    title: "厨房燃气安全",
    weekdays: [3],
    startTime: "19:00",
    endTime: "19:45",
    capacity: 10,
    minAge: 10,
  },
];

export async function seedBookingsDemoIfEmpty(prisma: Prisma, opts: { clock: Clock; log?: Logger }): Promise<boolean> {
  if ((await prisma.centre.count()) > 0) return false;
  const townships = await prisma.township.findMany({ orderBy: { createdAt: "asc" } });
  const chengguan = townships.find((t) => t.name === "城关街道") ?? townships[0];
  if (!chengguan) return false; // no demo county to put centres in
  const qingshi = townships.find((t) => t.name === "青石镇") ?? chengguan;
  const community =
    (await prisma.community.findFirst({ where: { name: "幸福小区" } })) ??
    (await prisma.community.findFirst({ where: { propertyCompanyId: { not: null } } }));

  const county = await prisma.centre.create({
    data: {
      name: "示范县消防安全体验馆",
      level: "COUNTY",
      townshipId: chengguan.id,
      address: "城关街道人民路 200 号（县消防救援大队东侧）",
      latitude: 28.6846,
      longitude: 115.8612,
      capacity: 60,
      facilities: JSON.stringify(["烟雾逃生通道", "灭火器实操区", "家庭火灾隐患展示", "119 报警模拟", "VR 火场体验"]),
      openingHours: "周二至周日 09:00-17:00（周一闭馆）",
      phone: "0791-88881190",
    },
  });
  const township = await prisma.centre.create({
    data: {
      name: "青石镇消防安全体验站",
      level: "TOWNSHIP",
      townshipId: qingshi.id,
      runByTownshipId: qingshi.id,
      address: "青石镇政府便民服务中心一楼",
      latitude: 28.7398,
      longitude: 115.9107,
      capacity: 30,
      facilities: JSON.stringify(["烟雾逃生通道", "灭火器实操区", "电动自行车火灾展示"]),
      openingHours: "周二至周六 09:00-16:30",
      phone: "0791-88882119",
    },
  });
  const room = await prisma.centre.create({
    data: {
      name: "幸福小区微型消防体验室",
      level: "COMMUNITY",
      townshipId: community?.townshipId ?? chengguan.id,
      communityId: community?.id ?? null,
      runByCompanyId: community?.propertyCompanyId ?? null,
      address: `${community?.address ?? "城关街道人民路 88 号"} 物业服务中心旁`,
      latitude: community?.latitude ?? 28.6823,
      longitude: community?.longitude ?? 115.8581,
      capacity: 12,
      facilities: JSON.stringify(["家庭厨房模拟", "燃气泄漏演示", "灭火毯使用"]),
      openingHours: "周三 19:00-20:00，周六、周日 09:30-11:30",
    },
  });

  const centres = new CentreService(prisma, opts.clock, new BookingAccess(prisma));
  const from = countyDate(opts.clock.now());
  let sessions = 0;
  for (const [centre, templates] of [
    [county, COUNTY_TEMPLATES],
    [township, TOWNSHIP_TEMPLATES],
    [room, COMMUNITY_TEMPLATES],
  ] as const) {
    for (const t of templates) {
      await prisma.sessionTemplate.create({
        data: { centreId: centre.id, ...t, weekdays: t.weekdays.join(","), minAge: t.minAge ?? null },
      });
    }
    sessions += (await centres.generateSessions(centre.id, from, addDays(from, 13))).created;
  }

  const staff = await prisma.staffUser.findFirst({ where: { username: "centre", role: "CENTRE_STAFF" } });
  if (staff) await prisma.centreStaff.create({ data: { centreId: county.id, staffUserId: staff.id } });
  opts.log?.info({ centres: 3, sessions }, "demo experience centres seeded");
  return true;
}
