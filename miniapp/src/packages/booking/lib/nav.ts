import Taro from "@tarojs/taro";
import { isWeapp } from "@/services/platform";

/** Open a page of the subpackage; a failed navigation (page stack full, tests) is not an error for the user. */
export function go(url: string, params: Record<string, string> = {}): void {
  const q = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  Taro.navigateTo({ url: q ? `${url}?${q}` : url }).catch(() => undefined);
}

/** Replace the current page (after booking, after signing in). */
export function replace(url: string, params: Record<string, string> = {}): void {
  const q = Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  Taro.redirectTo({ url: q ? `${url}?${q}` : url }).catch(() => undefined);
}

/**
 * Where the resident is, or null (refused, no GPS, H5 without permission) within `ms`. WeChat gives
 * GCJ-02 (what Chinese maps and the centres' coordinates use); Taro's H5 getLocation supports only
 * WGS-84 (the browser's), a few hundred metres off, which is good enough to sort centres by distance.
 */
export async function locate(ms = 5000): Promise<{ lat: number; lng: number } | null> {
  try {
    const res = await Promise.race([
      Taro.getLocation({ type: isWeapp ? "gcj02" : "wgs84" }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
    ]);
    if (!res || typeof res.latitude !== "number" || typeof res.longitude !== "number") return null;
    return { lat: res.latitude, lng: res.longitude };
  } catch {
    return null;
  }
}
