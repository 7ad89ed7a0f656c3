// Talks with laggards (约谈) and commendations as the dispatch shows them: the names of their subjects, the
// subjects a scope may see, and the rows as views. DispatchService records them.
import type { Prisma, PrismaNs, RolloutSubject } from "../../db/client.ts";
import { countyDate } from "../../shared/county-time.ts";
import { notFound } from "../../shared/errors.ts";
import type { Commendation, Talk } from "../../contract/dispatch.schemas.ts";
import { MAX_LIST, type DispatchScope } from "./dispatch-scope.ts";

export async function subjectNames(
  prisma: Prisma,
  units: readonly { id: string; name: string }[],
  communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
) {
  const m = new Map<string, string>();
  for (const u of units) m.set(`UNIT:${u.id}`, u.name);
  for (const c of communities) {
    m.set(`COMMUNITY:${c.id}`, c.name);
    m.set(`TOWNSHIP:${c.townshipId}`, c.township.name);
  }
  for (const t of await prisma.township.findMany({ select: { id: true, name: true } }))
    m.set(`TOWNSHIP:${t.id}`, t.name);
  return m;
}

/** The subjects a scope may see, as a Prisma filter on (subject, subjectId). */
function subjectsWhere(
  s: DispatchScope,
  units: readonly { id: string }[],
  communities: readonly { id: string }[],
): { OR: { subject: RolloutSubject; subjectId?: { in: string[] } }[] } | object {
  if (s.kind === "county") return {};
  const or: { subject: RolloutSubject; subjectId: { in: string[] } }[] = [
    { subject: "UNIT", subjectId: { in: units.map((u) => u.id) } },
    { subject: "COMMUNITY", subjectId: { in: communities.map((c) => c.id) } },
  ];
  if (s.kind === "township") or.push({ subject: "TOWNSHIP", subjectId: { in: [s.townshipId] } });
  return { OR: or };
}

export async function talksIn(
  prisma: Prisma,
  s: DispatchScope,
  units: readonly { id: string; name: string }[],
  communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
  known?: Map<string, string>,
): Promise<Talk[]> {
  const [rows, names] = await Promise.all([
    prisma.rolloutTalk.findMany({
      where: subjectsWhere(s, units, communities),
      orderBy: { heldAt: "desc" },
      take: MAX_LIST,
    }),
    known ?? subjectNames(prisma, units, communities),
  ]);
  return rows.map((t) => talkView(t, names));
}

export function talkView(t: PrismaNs.RolloutTalkGetPayload<object>, names: Map<string, string>): Talk {
  return {
    id: t.id,
    subject: t.subject as Talk["subject"],
    subjectId: t.subjectId,
    subjectName: names.get(`${t.subject}:${t.subjectId}`) ?? "（已删除）",
    heldAt: t.heldAt.toISOString(),
    attendees: t.attendees,
    reason: t.reason,
    promises: t.promises,
    followUpOn: t.followUpOn ? countyDate(t.followUpOn) : null,
    followUpDone: t.followUpDone,
  };
}

export async function commendationsIn(
  prisma: Prisma,
  s: DispatchScope,
  units: readonly { id: string; name: string }[],
  communities: readonly { id: string; name: string; townshipId: string; township: { name: string } }[],
  month: string,
  known: Map<string, string>,
): Promise<Commendation[]> {
  const rows = await prisma.commendation.findMany({
    where: { month, ...subjectsWhere(s, units, communities) },
    orderBy: { createdAt: "asc" },
    take: MAX_LIST,
  });
  const names = known;
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject as Commendation["subject"],
    subjectId: r.subjectId,
    subjectName: names.get(`${r.subject}:${r.subjectId}`) ?? "（已删除）",
    month: r.month,
    reason: r.reason,
  }));
}

export async function checkSubject(prisma: Prisma, subject: RolloutSubject, subjectId: string): Promise<void> {
  const found =
    subject === "UNIT"
      ? await prisma.networkedUnit.findUnique({ where: { id: subjectId }, select: { id: true } })
      : subject === "COMMUNITY"
        ? await prisma.community.findUnique({ where: { id: subjectId }, select: { id: true } })
        : await prisma.township.findUnique({ where: { id: subjectId }, select: { id: true } });
  if (!found) throw notFound("约谈或表扬对象");
}

export async function subjectName(prisma: Prisma, subject: RolloutSubject, id: string): Promise<Map<string, string>> {
  const row =
    subject === "UNIT"
      ? await prisma.networkedUnit.findUnique({ where: { id }, select: { name: true } })
      : subject === "COMMUNITY"
        ? await prisma.community.findUnique({ where: { id }, select: { name: true } })
        : await prisma.township.findUnique({ where: { id }, select: { name: true } });
  return new Map([[`${subject}:${id}`, row?.name ?? ""]]);
}
