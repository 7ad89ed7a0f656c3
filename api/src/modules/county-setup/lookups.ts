// Bulk reads for the import sheets: a sheet of 50,000 households is checked against the database with a
// handful of queries, never one query a row. IN lists are sent in chunks (SQLite allows 32,766 bound
// parameters a statement; smaller chunks keep each query short).
import type { Prisma } from "../../db/client.ts";

const CHUNK = 500;

export async function inChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await load(unique.slice(i, i + CHUNK))));
  return out;
}

/** "a\u0000b" keys for maps keyed by several names */
export const key = (...parts: (string | null | undefined)[]) => parts.map((p) => p ?? "").join("\u0000");

export async function theCounty(prisma: Prisma) {
  const rows = await prisma.county.findMany({ take: 2, orderBy: { createdAt: "asc" } });
  return rows.length === 1 ? rows[0]! : null;
}

export async function townshipsByName(prisma: Prisma): Promise<Map<string, string>> {
  const rows = await prisma.township.findMany({ select: { id: true, name: true }, take: 10_000 });
  return new Map(rows.map((r) => [r.name, r.id]));
}

export interface CommunityRef {
  id: string;
  townshipId: string;
  name: string;
  propertyCompanyId: string | null;
}

/** Communities of the county: by township id + name, and by name alone (a name may repeat across townships). */
export async function communities(prisma: Prisma): Promise<{
  byTownship: Map<string, CommunityRef>;
  byName: Map<string, CommunityRef[]>;
}> {
  const rows = await prisma.community.findMany({
    select: { id: true, townshipId: true, name: true, propertyCompanyId: true },
    take: 100_000,
  });
  const byTownship = new Map(rows.map((r) => [key(r.townshipId, r.name), r]));
  const byName = new Map<string, CommunityRef[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return { byTownship, byName };
}

export async function namesTaken(
  prisma: Prisma,
  model: "propertyCompany" | "serviceCompany",
): Promise<Map<string, { id: string; kind?: string }>> {
  const rows =
    model === "propertyCompany"
      ? await prisma.propertyCompany.findMany({ select: { id: true, name: true }, take: 100_000 })
      : await prisma.serviceCompany.findMany({ select: { id: true, name: true, kind: true }, take: 100_000 });
  return new Map(rows.map((r) => [r.name, r]));
}
