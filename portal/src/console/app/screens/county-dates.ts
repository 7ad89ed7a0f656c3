// County dates for the screens: the contract's county clock (one home, import-free, no zod) and the
// weekday names the screens print.
export { addDays, countyClockTime, countyDate, countyInstant, isoWeekday } from "@anxin/contract/county-time";

export const WEEKDAY = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
