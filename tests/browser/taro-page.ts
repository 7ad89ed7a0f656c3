// Waiting for the mini-program's H5 page to come to rest before a screenshot or an axe check, instead of a
// fixed sleep (too short on a busy machine, wasted on an idle one).
//
// How Taro 4's H5 router (@tarojs/router, router/page.js and style.js) moves pages: every page is a
// `.taro_page` element whose id is its path plus "?stamp=…". A page opened by navigateTo starts at
// `transform: translate(100%, 0)` with `transition: transform 300ms`; 50 ms later it gets `taro_page_show`
// (slides to translate(0, 0)), and 300 ms after that `taro_page_stationed` (transform: none). The page it
// covers stays on screen until it gets `taro_page_shade` (display: none) at the same moment. Going back,
// the top page loses both classes, slides out over the page below and is removed when the transition ends.
// The first page of a load and the tab pages are shown at once, without a transition.
//
// So the screen is at rest when exactly one `.taro_page` is displayed, it is the page of the current route
// (the router updates the location's hash as navigateTo is called, before the page element exists), and it
// is where the slide ends: an identity transform, and no transition or (finite) animation running on it or
// anywhere else in the document.
import { errors, type Page } from "playwright-core";

/**
 * Runs in the page. `explain` false: whether the page is at rest (what waitForFunction polls);
 * true: why not, in words, or "at rest" (for the timeout's message).
 */
function taroPageAtRest(explain: boolean): boolean | string {
  const why = unsettled();
  return explain ? (why ?? "at rest") : why === null;

  function unsettled(): string | null {
    interface El {
      id: string;
      tagName: string;
      getAttribute(name: string): string | null;
    }
    interface Anim {
      playState: string;
      transitionProperty?: string;
      animationName?: string;
      effect: { target?: El | null; getComputedTiming(): { endTime?: number } } | null;
    }
    const g = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<El>; getAnimations(): Anim[] };
      location: { hash: string };
      getComputedStyle(el: El): { display: string; transform: string };
    };
    const shown = [...g.document.querySelectorAll(".taro_page")].filter(
      (el) => g.getComputedStyle(el).display !== "none",
    );
    const ids = shown.map((el) => el.id).join(", ");
    if (shown.length !== 1) return `${shown.length} .taro_page elements displayed (${ids})`;
    const el = shown[0]!;
    // "#/packages/booking/pages/book/index?sessionId=…" → "/packages/booking/pages/book/index"; no hash: the home
    const route = g.location.hash.replace(/^#/, "").split("?")[0]!;
    if (route !== "" && route !== "/" && el.id.split("?")[0] !== route)
      return `the route is ${route} but the page displayed is ${el.id}`;
    // the page's transition, and any other finite one (a spinner's endless rotation never ends, so it is not
    // waited for)
    const moving = g.document
      .getAnimations()
      .filter((x) => x.playState === "running" && Number.isFinite(x.effect?.getComputedTiming().endTime ?? 0));
    if (moving.length) {
      const what = moving.map((x) => {
        const t = x.effect?.target;
        const on = t ? `<${t.tagName.toLowerCase()} id="${t.id}" class="${t.getAttribute("class") ?? ""}">` : "?";
        return `${x.transitionProperty ?? x.animationName ?? "animation"} on ${on}`;
      });
      return `still moving: ${what.join("; ")}`;
    }
    const transform = g.getComputedStyle(el).transform;
    if (transform !== "none" && transform !== "matrix(1, 0, 0, 1, 0, 0)")
      return `${el.id} is at transform ${transform}`;
    return null;
  }
}

/**
 * Resolves once the mini-program's current page has finished sliding in (or out over it) and is the only
 * page on screen; throws after `timeout` ms naming what it was waiting for and what it last saw.
 */
export async function taroPageSettled(page: Page, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(taroPageAtRest, false, { timeout });
  } catch (e) {
    if (!(e instanceof errors.TimeoutError)) throw e;
    const seen = await page.evaluate(taroPageAtRest, true).catch((err: Error) => `(could not look: ${err.message})`);
    throw new Error(
      `the mini-program page did not settle within ${timeout} ms: waited for one .taro_page on screen, the ` +
        `current route's, at an identity transform with nothing moving (Taro's slide-in); last seen: ${seen}`,
    );
  }
}
