// What every county setup sheet shares: the place references by name, the first-seen check for duplicates
// within a sheet, the progress tick and the shape of a resolution.
import { text, type ParsedRow, type Resolution, type ResolveContext, type WritePlan } from "../imports/index.ts";

export const MAX_IMPORT_ROWS = 100_000;

export const townshipRef = text("township", "乡镇/街道", { required: true, max: 20, example: "城关街道" });
export const communityRef = text("community", "小区", { required: true, max: 40, example: "幸福小区" });
export const buildingRef = text("building", "楼栋", { required: true, max: 20, example: "1号楼" });

export const seenAt = () => {
  const m = new Map<string, number>();
  /** the row where this key was first seen, or null (and remembers it) */
  return (k: string, row: number): number | null => {
    const first = m.get(k);
    if (first !== undefined) return first;
    m.set(k, row);
    return null;
  };
};

/** Reports progress every 1,000 rows and lets the event loop run (alarms do not wait for a long check). */
export async function tick(ctx: ResolveContext, i: number, n: number): Promise<void> {
  if ((i + 1) % 1000 === 0 || i + 1 === n) {
    ctx.progress(i + 1);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export const noCounty = (rows: ParsedRow<unknown>[]) => [
  { row: rows[0]?.row ?? 2, column: null, reason: "请先设置本县的名称和行政区划代码，再导入乡镇/街道" },
];

export type Done<X> = Promise<Resolution<X>>;
export const resolution = <X>(
  errors: Resolution<X>["errors"],
  plan: WritePlan,
  extras: X,
  summary: Record<string, number>,
) => ({ errors, plan, extras, summary }) as Resolution<X>;
