// Demo cameras (issue 23) for `npm start`: they point at the local RTSP stand-in the start script runs
// (api/stand-ins/camera), with a digest account sealed like any camera's. The hospital gets three (its hall,
// its drug store with recognition on, a corridor showing a flame whose recognition is off until someone turns
// it on in 摄像头), the first community one at its gate. The stand-in's port can change between runs: the
// demo cameras' addresses are brought up to date at every start.
import type { Prisma } from "../../api/src/db/client.ts";

export const DEMO_CAMERA_ACCOUNT = { username: "demo", password: "Anxin-Cam-2026" };

/** The stand-in's paths and what each shows (api/stand-ins/camera/scenes.ts). */
export const DEMO_CAMERA_PATHS = {
  "/hall": { source: "testsrc" as const, seconds: 4 },
  "/store": { source: "plain" as const, seconds: 8 },
  "/corridor": { source: "flame" as const, seconds: 10 },
  "/gate": { source: "plain" as const, seconds: 8, seed: 7 },
};

export interface CameraSeedPort {
  sealPassword(password: string): string;
  ensureDevice(row: NonNullable<Awaited<ReturnType<Prisma["camera"]["findUnique"]>>>): Promise<void>;
}

/** Creates the demo cameras once, and points every demo camera at the stand-in's base (rtsp://127.0.0.1:port). */
export async function seedCamerasDemo(
  prisma: Prisma,
  cameras: CameraSeedPort,
  rtspBase: string,
): Promise<{ created: number; updated: number }> {
  const hospital = await prisma.networkedUnit.findFirst({ where: { name: "示范县人民医院" } });
  const community = await prisma.community.findFirst({ orderBy: { name: "asc" } });
  const store = hospital ? await prisma.keyPart.findFirst({ where: { unitId: hospital.id, name: "药库" } }) : null;
  const wanted = [
    hospital && { name: "门诊楼大厅", unitId: hospital.id, placeLabel: "门诊楼一层大厅", floor: 1, path: "/hall" },
    hospital && {
      name: "药库",
      unitId: hospital.id,
      keyPartId: store?.id ?? null,
      placeLabel: "后勤楼一层药库",
      floor: 1,
      path: "/store",
      detectEnabled: true,
    },
    hospital && {
      name: "住院楼走廊（演示火焰）",
      unitId: hospital.id,
      placeLabel: "住院楼三层走廊",
      floor: 3,
      path: "/corridor",
    },
    community && { name: `${community.name}大门`, communityId: community.id, placeLabel: "小区南大门", path: "/gate" },
  ].filter((x): x is NonNullable<typeof x> => !!x);
  let created = 0;
  let updated = 0;
  for (const { path, ...w } of wanted) {
    const rtspUrl = `${rtspBase}${path}`;
    const existing = await prisma.camera.findFirst({
      where: { name: w.name, unitId: w.unitId ?? null, communityId: "communityId" in w ? w.communityId : null },
    });
    if (existing) {
      if (existing.rtspUrl !== rtspUrl) {
        await prisma.camera.update({ where: { id: existing.id }, data: { rtspUrl } });
        updated++;
      }
      continue;
    }
    const row = await prisma.camera.create({
      data: {
        ...w,
        rtspUrl,
        username: DEMO_CAMERA_ACCOUNT.username,
        passwordEnc: cameras.sealPassword(DEMO_CAMERA_ACCOUNT.password),
      },
    });
    await cameras.ensureDevice(row);
    created++;
  }
  return { created, updated };
}
