// 全县态势's 大屏模式 (?wall=1) on the brigade's wall display: the page takes the whole screen (console.css,
// html.wall: no top bar, the panels laid out to fit one 16:9 screen without scrolling, type sized to the
// screen). The type size is said twice, here for the charts (drawn before the stylesheet's rule applies)
// and in console.css; keep the two the same.
import { useLayoutEffect } from "react";
import { wallOf } from "./query.ts";

/** Whether this page's address asks for the wall display. */
export const isWall = (): boolean => wallOf(new URLSearchParams(window.location.search));

/** The wall display's root type size in px: 0.95vw, at most 1.7vh, at least 14 (1920x1080: 18). */
export const wallFontSize = (): number =>
  Math.max(14, Math.min(window.innerWidth * 0.0095, window.innerHeight * 0.017));

/** Marks the page as the wall display (html.wall) while the county view shows it. */
export function useWallMode(wall: boolean): void {
  useLayoutEffect(() => {
    if (!wall) return;
    const root = document.documentElement;
    root.classList.add("wall");
    return () => root.classList.remove("wall");
  }, [wall]);
}
