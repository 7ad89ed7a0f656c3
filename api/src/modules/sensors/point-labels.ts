// How points, values and places read in Chinese (alarm notes, the console, the alarm's location text).
import { MEASUREMENTS, measurementChannel, measurementFamily } from "../devices/protocol-v11.ts";

/** "leak_ma_3" -> "剩余电流 通道3"; an unknown name is shown as it is. */
export function pointLabel(point: string): string {
  if (point === "") return "";
  const family = measurementFamily(point);
  if (!family) return point;
  const channel = measurementChannel(point);
  return channel === null ? MEASUREMENTS[family].label : `${MEASUREMENTS[family].label} 通道${channel}`;
}

/** A value with its unit, rounded for people: "0.05 MPa", "312 mA", "有水流". */
export function formatValue(point: string, value: number): string {
  const family = measurementFamily(point);
  if (family === "flow") return value >= 0.5 ? "有水流" : "无水流";
  if (!family) return String(value);
  const digits = family === "pressure_mpa" ? 2 : family === "level_m" ? 2 : 1;
  const text = Number(value.toFixed(digits)).toString();
  return `${text} ${MEASUREMENTS[family].unit}`;
}

/** "3层", "地下1层" (floor 0 does not exist: the floor below 1 is -1). */
export function floorLabel(floor: number): string {
  return floor < 0 ? `地下${-floor}层` : `${floor}层`;
}

export interface PlaceParts {
  /** the unit's or the residential building's name: "门诊楼", "1号楼" */
  building?: string | null;
  floor?: number | null;
  /** the named place: "配电室", "屋顶水箱", "泵房" */
  place?: string | null;
}

/** Where, in words, as an alarm keeps it: "门诊楼 3层 配电室 · 剩余电流 通道2". */
export function locationText(parts: PlaceParts, point = ""): string {
  const where = [
    parts.building,
    parts.floor === null || parts.floor === undefined ? null : floorLabel(parts.floor),
    parts.place,
  ]
    .filter((s): s is string => !!s && s.trim() !== "")
    .join(" ");
  const what = pointLabel(point);
  return [where, what].filter((s) => s !== "").join(" · ");
}
