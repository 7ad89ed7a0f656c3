// Numbers as the console shows them.
export const pct = (rate: number): string => `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** 95 -> "1分35秒"; null (nothing to measure) -> "—". */
export function duration(sec: number | null): string {
  if (sec === null) return "—";
  if (sec < 60) return `${sec}秒`;
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m}分${sec % 60}秒`;
  return `${Math.floor(m / 60)}小时${m % 60}分`;
}

/** A query string from plain values (page links keep every other parameter as it was). */
export const query = (o: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)])).toString();
