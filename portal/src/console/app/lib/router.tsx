// A small router for the console app: one path per screen, history API, no library. A link to a screen
// the app holds changes the screen in place; a link anywhere else (a server-rendered console page, the
// portal) loads that page as any link does.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

const CHANGED = "anxin:navigate";
let known: (pathname: string) => boolean = () => false;

/** Tells the router which paths the app renders itself (set once by the app). */
export function setKnownPaths(test: (pathname: string) => boolean): void {
  known = test;
}

export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(href, location.href);
  if (url.origin !== location.origin || !known(url.pathname)) {
    location.assign(url.href);
    return;
  }
  if (opts.replace) history.replaceState(null, "", url.href);
  else history.pushState(null, "", url.href);
  window.dispatchEvent(new Event(CHANGED));
  window.scrollTo(0, 0);
}

/** The current address; re-renders on back/forward and on navigate(). */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGED, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return url;
}

/** An ordinary link that stays in the app when it can (a plain click, same site, a screen of the app). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== "_self") return;
    const url = new URL(props.href, location.href);
    if (url.origin !== location.origin || !known(url.pathname)) return;
    e.preventDefault();
    navigate(url.href);
  };
  return <a {...rest} onClick={click} />;
}

/** The address's segment after /console/<page>/ (an id), decoded; "" when there is none. */
export function pathId(pathname: string): string {
  const seg = pathname.split("/")[3] ?? "";
  try {
    return decodeURIComponent(seg).slice(0, 64);
  } catch {
    return "";
  }
}
