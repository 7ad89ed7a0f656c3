// The wall's command view as a new user read it (walkthrough): the unit on fire had no name on the map while
// its normal neighbours had theirs, the unit file said "来源 gb26875", and a timeline line ran its time into
// its words ("10:27:21报警"). Rendered here from commandBody (portal/src/console/pages/command.ts).
import { describe, expect, it } from "vitest";
import type { AlarmFile, MapUnit } from "@anxin/api";
import { placeLabels, type Box, type Dot } from "../../portal/src/console/pages/map-labels.ts";
import { commandBody } from "../../portal/src/console/pages/command.ts";

const SIZE = { w: 640, h: 520, fontPx: 24 };

// the demo county's town centre: a hospital on fire among close neighbours, one of them over its dot
const crowd: Dot[] = [
  { x: 110, y: 487, r: 18, text: "示范县人民医院 · 火警", rank: 0 },
  { x: 102, y: 482, r: 12, text: "城关商场 · 正常", rank: 3 },
  { x: 73, y: 509, r: 12, text: "城关中心幼儿园 · 正常", rank: 3 },
  { x: 87, y: 504, r: 12, text: "示范县第一中学 · 正常", rank: 3 },
  { x: 139, y: 475, r: 12, text: "万家福购物中心 · 正常", rank: 3 },
  { x: 165, y: 491, r: 12, text: "示范县迎宾馆 · 正常", rank: 3 },
  { x: 128, y: 512, r: 12, text: "县政务中心 · 正常", rank: 3 },
  { x: 95, y: 462, r: 12, text: "县图书馆 · 正常", rank: 3 },
  { x: 130, y: 455, r: 12, text: "县体育馆 · 正常", rank: 3 },
];

describe("the wall's unit map", () => {
  it("names the unit on fire even where no free place is left beside it", () => {
    // no free place is left beside it (what the walkthrough saw: its name left off)
    const placed = placeLabels(crowd, SIZE);
    const fire = placed.find((l) => l.dot === 0);
    expect(fire).toBeDefined();
    expect(fire!.x).toBeGreaterThanOrEqual(0);
    expect(fire!.y).toBeLessThanOrEqual(SIZE.h);
    expect(fire!.box.x0).toBeGreaterThanOrEqual(0);
    expect(fire!.box.x1).toBeLessThanOrEqual(SIZE.w);
    // the names placed after it keep clear of it
    const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    for (const l of placed) if (l.dot !== 0) expect(overlaps(l.box, fire!.box), crowd[l.dot]!.text).toBe(false);
  });

  it("draws the unit on fire last, its name in a tag, and says where the alarm came from in words", () => {
    const base = { address: "城关街道", openAlarms: 0, state: "NORMAL", stateLabel: "正常" };
    const toLatLng = (d: Dot) => ({ latitude: 28 - d.y / 10_000, longitude: 116 + d.x / 10_000 });
    const units: MapUnit[] = crowd.map((d, i) => ({
      ...base,
      id: `u${i}`,
      name: d.text.split(" · ")[0]!,
      ...toLatLng(d),
      ...(i === 0 ? { state: "FIRE", stateLabel: "火警", openAlarms: 1 } : {}),
    })) as MapUnit[];
    const file = {
      alarm: {
        id: "a1",
        kind: "FIRE",
        kindLabel: "火灾报警",
        status: "ACTIVE",
        startedAt: "2026-11-03T02:27:21.000Z",
        confirmDeadlineAt: null,
        verdict: null,
        verdictLabel: null,
        verdictCause: null,
        report119: true,
      },
      facts: {
        unit: { name: "示范县人民医院", address: "人民路 120 号", controlRoomPhone: null, controlRoomLocation: null },
        building: null,
        floor: null,
        keyPart: null,
        trigger: { source: "gb26875", location: "住院部" },
        onDuty: [],
        hydrants: [],
        cameras: [],
      },
      facilities: [],
      facilityAlarms: [],
      timeline: [
        { at: "2026-11-03T02:27:21.000Z", what: "报警", who: "用户信息传输装置", detail: "" },
        {
          at: "2026-11-03T02:29:30.000Z",
          what: "推送 119",
          who: "",
          detail: "已送达 119 指挥中心（接警编号 119-000001）",
        },
      ],
    } as unknown as AlarmFile;
    const out = String(commandBody({ units, alarms: [], selected: file, now: "2026-11-03T02:35:00.000Z" }));
    // the fire's name on the map, in its tag, after every dot (drawn over its neighbours)
    const label = /<text[^>]*data-fire="1"[^>]*>([^<]*)<\/text>/.exec(out);
    expect(label?.[1]).toBe("示范县人民医院 · 火警");
    expect(out).toContain('class="fire-tag"');
    const lastCircle = out.lastIndexOf("<circle");
    expect(out.lastIndexOf('fill="#b71c1c"')).toBeGreaterThan(out.lastIndexOf('fill="#2e7d32"'));
    expect(out.indexOf("data-fire")).toBeGreaterThan(lastCircle);
    // the source in words, never its code
    expect(out).toContain("来自用户信息传输装置");
    expect(out).not.toContain("gb26875");
    // a time, a space, the words; a line with nobody named has no stray space
    const lines = [...out.matchAll(/<li><time[^>]*>[^<]*<\/time>(.*?)<\/li>/g)].map((m) => m[1]);
    expect(lines[0]).toBe(" <strong>报警</strong> 用户信息传输装置");
    expect(lines[1]).toBe(" <strong>推送 119</strong>：已送达 119 指挥中心（接警编号 119-000001）");
  });
});
