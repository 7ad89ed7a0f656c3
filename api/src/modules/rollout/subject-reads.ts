// A roll-out subject's rows as the programme reads them: its name and stage, its pilot flag and
// demonstrations, the devices registered on it by kind. The caller's scope is checked before these are read.
import type { Prisma, RolloutStage } from "../../db/client.ts";
import type { StageSubject } from "./catalogue.ts";
import { demonstrationView, type SubjectHistory } from "./programme-views.ts";

/** The name and current stage of a subject the caller sees. */
export async function subjectRow(
  prisma: Prisma,
  subject: StageSubject,
  id: string,
): Promise<{ name: string; stage: RolloutStage; stageAt: Date | null }> {
  if (subject === "UNIT") {
    const u = await prisma.networkedUnit.findUniqueOrThrow({
      where: { id },
      select: { name: true, rolloutStage: true, rolloutStageAt: true },
    });
    return { name: u.name, stage: u.rolloutStage, stageAt: u.rolloutStageAt };
  }
  const b = await prisma.building.findUniqueOrThrow({
    where: { id },
    select: { name: true, rolloutStage: true, rolloutStageAt: true, community: { select: { name: true } } },
  });
  return { name: `${b.community.name} ${b.name}`, stage: b.rolloutStage, stageAt: b.rolloutStageAt };
}

/** A unit's pilot flag and, while it is a pilot, its demonstration meetings (as the overview lists them). */
export async function pilotOf(prisma: Prisma, subject: StageSubject, id: string): Promise<SubjectHistory["pilot"]> {
  if (subject !== "UNIT") return null;
  const u = await prisma.networkedUnit.findUniqueOrThrow({ where: { id }, select: { pilot: true } });
  const demos = u.pilot
    ? await prisma.pilotDemonstration.findMany({ where: { unitId: id }, orderBy: { heldAt: "asc" } })
    : [];
  return { pilot: u.pilot, demonstrations: demos.map(demonstrationView) };
}

/** Registered devices of a subject by kind (what is in place against the plan). */
export async function installedByKind(prisma: Prisma, subject: StageSubject, id: string): Promise<Map<string, number>> {
  const devices = await prisma.device.findMany({
    where:
      subject === "UNIT"
        ? { unitId: id }
        : { OR: [{ buildingId: id }, { household: { is: { unit: { is: { buildingId: id } } } } }] },
    select: { model: { select: { kind: true } } },
    take: 20_000,
  });
  const out = new Map<string, number>();
  for (const d of devices) {
    const k = d.model.kind;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
