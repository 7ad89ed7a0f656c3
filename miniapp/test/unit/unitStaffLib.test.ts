import { describe, expect, it } from "vitest";
import { countdown } from "@/packages/staff/lib/centre";
import { lastRejection, rankMine, type HazardDetail, type HazardItem } from "@/packages/staff/lib/hazards";

const item = (id: string, patch: Partial<HazardItem>): HazardItem => ({
  id,
  unit: { id: "u", name: "医院" },
  place: id,
  category: "EVACUATION",
  description: "",
  severity: "GENERAL",
  severityLabel: "一般隐患",
  source: "PATROL",
  sourceLabel: "巡查发现",
  status: "ASSIGNED",
  statusLabel: "已派发",
  overdue: false,
  escalationLevel: 0,
  assignee: null,
  deadline: null,
  interimMeasures: null,
  fixedBy: null,
  fixedAt: null,
  verifiedBy: null,
  verifiedAt: null,
  createdAt: "2026-12-01T00:00:00Z",
  ...patch,
});

describe("火警确认 helpers", () => {
  it("counts down in minutes and seconds, and says nothing once the time is up", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(countdown("2026-12-02T10:02:05Z", now)).toBe("2 分 05 秒");
    expect(countdown("2026-12-02T10:00:09Z", now)).toBe("9 秒");
    expect(countdown("2026-12-02T10:00:00Z", now)).toBeNull();
    expect(countdown("2026-12-02T09:59:00Z", now)).toBeNull();
  });
});

describe("隐患整改 helpers", () => {
  it("puts overdue first, then what is still to fix by the nearest deadline, then what waits for review", () => {
    const ranked = rankMine([
      item("review", { status: "FIXED", deadline: "2026-12-03T00:00:00Z" }),
      item("later", { deadline: "2026-12-09T00:00:00Z" }),
      item("overdue", { status: "OVERDUE", overdue: true, deadline: "2026-11-30T00:00:00Z" }),
      item("sooner", { status: "RECTIFYING", deadline: "2026-12-04T00:00:00Z" }),
    ]);
    expect(ranked.map((h) => h.id)).toEqual(["overdue", "sooner", "later", "review"]);
  });

  it("shows the reason of a rejection until the hazard is submitted again", () => {
    const ev = (action: string, note: string | null) => ({ at: "2026-12-02T00:00:00Z", action, actor: "x", note });
    const detail = (events: HazardDetail["events"]): HazardDetail => ({
      ...item("h", {}),
      photos: [],
      evidence: [],
      events,
    });
    expect(lastRejection(detail([ev("assigned", null), ev("fixed", "清理"), ev("rejected", "仍有杂物")]))).toBe(
      "仍有杂物",
    );
    expect(lastRejection(detail([ev("rejected", "仍有杂物"), ev("fixed", "再次清理")]))).toBeNull();
    expect(lastRejection(detail([ev("assigned", null)]))).toBeNull();
  });
});
