// Points and words for panel systems and components. A point names where in a unit an alarm is: the
// alarm table keeps one open alarm per device, point and kind (prisma/schema/40-alarms.prisma).

/** The transmission device itself. */
export const UITD_POINT = "uitd";

/** Parts of a system or of the device that report faults of their own. */
export const SUB_POINTS = {
  main_power: "主电",
  backup_power: "备电",
  bus: "总线",
  channel: "与监控中心的通信信道",
  line: "与控制器的连接线路",
} as const;

export type SubPoint = keyof typeof SUB_POINTS;

export function systemPoint(system: { type: number; address: number }): string {
  return `${system.type}/${system.address}`;
}

/** "1/1/0x00170001": system type / system address / component address (8 hex digits). */
export function componentPoint(system: { type: number; address: number }, componentAddress: number): string {
  return `${systemPoint(system)}/0x${(componentAddress >>> 0).toString(16).padStart(8, "0")}`;
}

export function subPoint(base: string, sub: SubPoint): string {
  return `${base}/${sub}`;
}

/** Whether a point is a component of the system `systemPointText` ("1/1" -> "1/1/0x..."). */
export function isComponentOf(point: string, systemPointText: string): boolean {
  return point.startsWith(`${systemPointText}/0x`);
}

/**
 * A component address in words. The standard's example "2号10区" is 0x0002000A: many panels put the
 * loop or zone in the low 16 bits and the point above (clause 8.2.1.2), so 0x00170001 is "1号回路 23号".
 * With nothing above the low 16 bits the address is one number.
 */
export function componentAddressText(address: number): string {
  const a = address >>> 0;
  const low = a & 0xffff;
  const high = a >>> 16;
  return high > 0 ? `${low}号回路 ${high}号` : `${low}号`;
}

/** An unnamed component shown by its codes: "未命名部件 感烟火灾探测器 1号回路 23号". */
export function unnamedComponentLabel(typeName: string, address: number): string {
  return `未命名部件 ${typeName} ${componentAddressText(address)}`;
}

export function systemLabel(name: string | null | undefined, system: { typeName: string; address: number }): string {
  return name?.trim() ? name.trim() : `${system.typeName} ${system.address}号`;
}

/** "门诊楼 3层 东侧走廊 · 3层走廊感烟12": the place, then the component; either may be missing. */
export function joinLocation(...parts: (string | null | undefined)[]): string {
  return parts
    .map((p) => p?.trim())
    .filter((p): p is string => Boolean(p))
    .join(" · ");
}

/**
 * Reads a component address as people write it: decimal ("1507329"), hex ("0x00170001"), or loop and
 * point ("1-23": loop 1, point 23, the low/high halves above). Null when it is none of these or out of
 * 32 bits.
 */
export function parseComponentAddress(text: string): number | null {
  const t = text.trim();
  let n: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^\d{1,10}$/.test(t)) n = Number(t);
  else {
    const m = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(t);
    if (!m) return null;
    const loop = Number(m[1]);
    const point = Number(m[2]);
    if (loop > 0xffff || point > 0xffff) return null;
    n = point * 0x10000 + loop;
  }
  return Number.isSafeInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
}
