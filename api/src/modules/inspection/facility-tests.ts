// The yearly facility test (年度消防设施检测, GB 25201 and Order 61 art. 27: by the unit's maintenance
// company) and the monthly fire inspection (月度防火检查, Order 61 art. 26), recorded the way a round's checks
// are: the items tested, each passed or failed, a failed item becoming a hazard assigned to the unit's
// manager, and the report itself (PDF, Word, or a JPEG/PNG scan, judged by content) kept in the unit's file.
//
// A record is a FacilityTest row: its kind (FACILITY_TEST or MONTHLY_INSPECTION), `at` the test date,
// `results` the items with the hazard each failed one became, `note` the summary and `reportIds` the ids of
// the UnitDocument rows of its reports.
import type { FacilityKind, Prisma, StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { addDays, countyDate, countyInstant } from "../../shared/county-time.ts";
import { FACILITY_TEST_KIND_LABEL } from "../../contract/labels.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import { FACILITY_LABELS } from "../units/catalogue.ts";
import type { UnitDocuments } from "../units/unit-documents.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import type { HazardService } from "./hazard-service.ts";
import { CHECKLISTS } from "./patrol-service.ts";
import {
  MAX_TEST_ITEM_CHARS,
  MAX_TEST_ITEMS,
  MAX_TEST_NOTE_CHARS,
  MAX_TEST_SUMMARY_CHARS,
  TEST_KIND_CODES,
} from "../../contract/inspection.ts";
export { MAX_TEST_ITEM_CHARS, MAX_TEST_ITEMS, MAX_TEST_NOTE_CHARS, MAX_TEST_SUMMARY_CHARS, TEST_KIND_CODES };

export const TEST_KINDS = {
  FACILITY_TEST: {
    label: FACILITY_TEST_KIND_LABEL.FACILITY_TEST,
    // the unit's maintenance company: its technicians see exactly the units it maintains (unit-scope.ts)
    roles: ROLE_SETS.maintenanceTech,
    document: "TEST_REPORT",
  },
  MONTHLY_INSPECTION: {
    label: FACILITY_TEST_KIND_LABEL.MONTHLY_INSPECTION,
    roles: ROLE_SETS.monthlyInspectors,
    document: "INSPECTION_RECORD",
  },
} as const satisfies Record<
  (typeof TEST_KIND_CODES)[number],
  { label: string; roles: readonly StaffRole[]; document: string }
>;
export type TestKind = keyof typeof TEST_KINDS;
/** Who may record a test or inspection (each kind narrows it; all within their unit scope). */
export const TEST_RECORDER_ROLES = [
  ...new Set(Object.values(TEST_KINDS).flatMap((k) => k.roles as readonly StaffRole[])),
] as StaffRole[];

export const MAX_TEST_REPORTS = 5;
/** How far back a test may be recorded (a report brought in late), in days. */
export const MAX_TEST_AGE_DAYS = 400;

/** What the yearly test checks per facility system (GB 25201 appendix, shortened). */
const YEARLY_ITEMS: Partial<Record<FacilityKind, string[]>> = {
  AUTO_FIRE_ALARM: ["探测器火灾报警功能", "手动报警按钮报警功能", "控制器自检、故障报警功能", "联动控制功能"],
  SPRINKLER: ["末端试水装置压力与流量", "报警阀组报警功能", "喷淋泵自动启动"],
  HYDRANT_SYSTEM: ["最不利点静压与出水", "消火栓泵自动与手动启动", "水带、水枪齐全完好"],
  SMOKE_CONTROL: ["排烟风机启动与风量", "排烟阀、防火阀动作"],
  FIRE_DOORS: ["防火门自闭与顺序功能", "防火卷帘两步降落"],
  EXTINGUISHERS: ["压力与有效期", "配置数量与位置"],
  EMERGENCY_LIGHTING: ["应急照明照度与持续时间", "疏散指示方向正确"],
  FIRE_PUMP: ["主备泵切换", "水泵控制柜自动状态"],
  WATER_TANK: ["水位与补水", "水位显示装置"],
  PUBLIC_ADDRESS: ["应急广播强制切换与音质"],
  FIRE_ELEVATOR: ["迫降首层功能", "消防专用电话"],
};

export interface TestItem {
  item: string;
  ok: boolean;
  note?: string | undefined;
  facilityKind?: FacilityKind | undefined;
}

export interface TestRecordInput {
  kind: TestKind;
  /** county date YYYY-MM-DD */
  testedOn: string;
  items: TestItem[];
  summary?: string | undefined;
}

interface StoredItem {
  item: string;
  ok: boolean;
  note: string | null;
  facilityKind: string | null;
  hazardId: string | null;
}

const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};
const isKind = (v: string): v is TestKind => v in TEST_KINDS;
/** a hazard's place: text(100) in POST /api/hazards */
const MAX_HAZARD_PLACE_CHARS = 100;

/**
 * A failed item's 部位 for its hazard: what the recorder wrote beside it (the note says where: "3 楼东侧楼梯间
 * 堆放杂物"), after the facility system when the item is one's; without a note, the facility system, or the
 * checklist item itself ("疏散通道、安全出口畅通") rather than a word that names no place.
 */
export function failedPlace(kind: FacilityKind | null, i: { item: string; note: string | null }): string {
  const note = i.note?.trim() ?? "";
  const base = kind ? FACILITY_LABELS[kind] : "";
  const place = note ? (base ? `${base}：${note}` : note) : base || i.item;
  return place.slice(0, MAX_HAZARD_PLACE_CHARS);
}

export class FacilityTests {
  constructor(
    private readonly d: {
      prisma: Prisma;
      scopes: UnitScopes;
      hazards: HazardService;
      documents: UnitDocuments | null;
      clock: Clock;
    },
  ) {}

  private async recorder(c: Caller, unitId: string, kind: TestKind) {
    await this.d.scopes.assertUnit(c, unitId); // another unit (or a unit the company does not maintain): 404
    const p = await this.d.scopes.principal(c);
    if (p.role === "RESIDENT" || !(TEST_KINDS[kind].roles as readonly string[]).includes(p.role))
      throw new AppError(
        "FORBIDDEN",
        kind === "FACILITY_TEST" ? "年度检测由该单位的维保单位技术人员记录" : "当前账号不能记录防火检查",
      );
    return p;
  }

  /** The items to test in a unit: per fire facility system in its file (the yearly test), or the checklists. */
  async template(c: Caller, unitId: string, kind: TestKind): Promise<{ item: string; facilityKind: string | null }[]> {
    await this.d.scopes.assertUnit(c, unitId);
    const facilities = await this.d.prisma.unitFacility.findMany({
      where: { unitId },
      select: { kind: true },
      orderBy: { kind: "asc" },
      take: 50,
    });
    const out: { item: string; facilityKind: string | null }[] = [];
    if (kind === "MONTHLY_INSPECTION") for (const item of CHECKLISTS.DEFAULT!) out.push({ item, facilityKind: null });
    for (const f of facilities) {
      const label = FACILITY_LABELS[f.kind];
      const items =
        (kind === "FACILITY_TEST" ? YEARLY_ITEMS[f.kind] : CHECKLISTS[f.kind]) ??
        (kind === "FACILITY_TEST" ? ["功能检测"] : []);
      for (const i of items) out.push({ item: `${label}：${i}`.slice(0, MAX_TEST_ITEM_CHARS), facilityKind: f.kind });
    }
    return out.slice(0, MAX_TEST_ITEMS);
  }

  /** Records a test: each failed item becomes a hazard of the unit, assigned to its manager at once. */
  async record(c: Caller, unitId: string, input: TestRecordInput) {
    if (!isKind(input.kind)) throw new AppError("VALIDATION_FAILED", "记录类别不对");
    const p = await this.recorder(c, unitId, input.kind);
    const today = countyDate(this.d.clock.now());
    if (input.testedOn > today) throw new AppError("VALIDATION_FAILED", "检测日期不能晚于今天");
    if (input.testedOn < addDays(today, -MAX_TEST_AGE_DAYS))
      throw new AppError("VALIDATION_FAILED", `只能补记 ${MAX_TEST_AGE_DAYS} 天内的检测`);
    if (!input.items.length || input.items.length > MAX_TEST_ITEMS)
      throw new AppError("VALIDATION_FAILED", `检测项目应为 1-${MAX_TEST_ITEMS} 项`);
    if (new Set(input.items.map((i) => i.item)).size !== input.items.length)
      throw new AppError("VALIDATION_FAILED", "检测项目有重复");
    const items: StoredItem[] = input.items.map((i) => ({
      item: i.item,
      ok: i.ok,
      note: i.note ?? null,
      facilityKind: i.facilityKind ?? null,
      hazardId: null,
    }));
    const label = TEST_KINDS[input.kind].label;
    const row = await this.d.prisma.facilityTest.create({
      data: {
        unitId,
        kind: input.kind,
        staffUserId: p.id,
        at: countyInstant(input.testedOn, "12:00"),
        ok: items.every((i) => i.ok),
        results: JSON.stringify(items),
        note: input.summary ?? null,
      },
    });
    for (const i of items) {
      if (i.ok) continue;
      const kind = i.facilityKind as FacilityKind | null;
      const h = await this.d.hazards.report(
        c,
        {
          unitId,
          place: failedPlace(kind, i),
          category: kind ?? "OTHER",
          description: `${label}不合格：${i.item}${i.note ? `（${i.note}）` : ""}`.slice(0, 500),
          severity: "GENERAL",
          source: "PATROL",
          photoIds: [],
        },
        { autoAssign: true, note: `${label}发现（${input.testedOn}，记录 ${row.id}）` },
      );
      i.hazardId = h.id;
    }
    if (items.some((i) => i.hazardId))
      await this.d.prisma.facilityTest.update({ where: { id: row.id }, data: { results: JSON.stringify(items) } });
    return this.one(unitId, row.id);
  }

  /**
   * Attaches a report to a recorded test: stored in the unit's file (kind TEST_REPORT for the yearly test),
   * judged by content as every document of the file is, by someone who may record that kind in the unit.
   */
  async attachReport(c: Caller, unitId: string, testId: string, input: { title: string; data: Buffer }) {
    await this.d.scopes.assertUnit(c, unitId);
    const row = await this.find(unitId, testId);
    const kind = row.kind as TestKind;
    const p = await this.recorder(c, unitId, kind);
    if (!this.d.documents) throw new AppError("NOT_READY", "资料存储未配置");
    if (parse<string[]>(row.reportIds, []).length >= MAX_TEST_REPORTS)
      throw new AppError("CONFLICT", `每次检测最多附 ${MAX_TEST_REPORTS} 份报告`);
    const doc = await this.d.documents.store(`staff:${p.id}`, unitId, {
      kind: TEST_KINDS[kind].document,
      title: input.title,
      data: input.data,
    });
    // two uploads at once: each appends to the list it read, and retries when the other got there first
    for (let attempt = 0; attempt < 5; attempt++) {
      const cur = await this.find(unitId, testId);
      const next = JSON.stringify([...parse<string[]>(cur.reportIds, []), doc.id]);
      const r = await this.d.prisma.facilityTest.updateMany({
        where: { id: cur.id, reportIds: cur.reportIds },
        data: { reportIds: next },
      });
      if (r.count) return this.one(unitId, testId);
    }
    throw new AppError("CONFLICT", "同时上传的报告太多，请稍后再试");
  }

  /** A unit's tests and inspections, newest first, with their items, hazards and reports. */
  async list(c: Caller, unitId: string, limit = 50) {
    await this.d.scopes.assertUnit(c, unitId);
    const rows = await this.d.prisma.facilityTest.findMany({
      where: { unitId, kind: { in: [...TEST_KIND_CODES] } },
      orderBy: [{ at: "desc" }, { id: "asc" }],
      take: limit,
    });
    return this.views(unitId, rows);
  }

  /** The last yearly test of each unit the caller sees (the units register's column), county dates. */
  async lastTests(c: Caller): Promise<Map<string, string>> {
    const visible = await this.d.scopes.visibleIds(c, 2000);
    const rows = await this.d.prisma.facilityTest.groupBy({
      by: ["unitId"],
      where: {
        kind: "FACILITY_TEST",
        ...(visible === "all" ? {} : { unitId: { in: visible } }),
      },
      _max: { at: true },
    });
    return new Map(rows.flatMap((r) => (r._max.at ? [[r.unitId, countyDate(r._max.at)] as const] : [])));
  }

  private async find(unitId: string, testId: string) {
    const row =
      testId.length <= 64
        ? await this.d.prisma.facilityTest.findFirst({
            where: { id: testId, unitId, kind: { in: [...TEST_KIND_CODES] } },
          })
        : null;
    if (!row) throw new AppError("NOT_FOUND", "找不到该检测记录");
    return row;
  }

  private async one(unitId: string, testId: string) {
    const [v] = await this.views(unitId, [await this.find(unitId, testId)]);
    return v!;
  }

  private async views(
    unitId: string,
    rows: {
      id: string;
      kind: string;
      staffUserId: string;
      at: Date;
      ok: boolean;
      results: string;
      note: string | null;
      reportIds: string;
    }[],
  ) {
    const docIds = rows.flatMap((r) => parse<string[]>(r.reportIds, []));
    const [people, docs] = await Promise.all([
      this.d.prisma.staffUser.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.staffUserId))] } },
        select: { id: true, name: true, serviceCompanyId: true },
      }),
      this.d.prisma.unitDocument.findMany({
        where: { id: { in: docIds }, unitId },
        select: { id: true, title: true, contentType: true, bytes: true },
      }),
    ]);
    return rows.map((r) => {
      const kind = r.kind as TestKind;
      const items = parse<StoredItem[]>(r.results, []);
      const by = people.find((s) => s.id === r.staffUserId);
      return {
        id: r.id,
        kind,
        kindLabel: TEST_KINDS[kind]?.label ?? kind,
        testedOn: countyDate(r.at),
        by: { id: r.staffUserId, name: by?.name ?? "" },
        ok: r.ok,
        failed: items.filter((i) => !i.ok).length,
        items: items.map((i) => ({
          item: i.item,
          ok: i.ok,
          note: i.note ?? null,
          facilityKind: i.facilityKind ?? null,
          hazardId: i.hazardId ?? null,
        })),
        summary: r.note,
        reports: parse<string[]>(r.reportIds, []).flatMap((id) => {
          const d = docs.find((x) => x.id === id);
          return d ? [{ ...d, url: `/api/units/${unitId}/documents/${d.id}` }] : []; // removed from the file since
        }),
      };
    });
  }
}
