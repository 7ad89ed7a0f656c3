// What the county configured for the console (/console/options.json): the map's tile address (none: the
// maps draw markers on a plain background). Asked once per page load.
import type { ConsoleOptions } from "@anxin/contract/console";
import { useEffect, useState } from "react";

let asked: Promise<ConsoleOptions> | null = null;

export function consoleOptions(): Promise<ConsoleOptions> {
  if (!asked) {
    asked = fetch("/console/options.json", { credentials: "same-origin", cache: "no-store" }).then(async (r) => {
      if (!r.ok) return { tileUrl: null };
      const o = (await r.json()) as { tileUrl?: unknown };
      return { tileUrl: typeof o.tileUrl === "string" && o.tileUrl.length <= 500 ? o.tileUrl : null };
    });
    asked.catch(() => (asked = null));
  }
  return asked;
}

/** The options, or null while they are asked for (a failed request reads as no options). */
export function useConsoleOptions(): ConsoleOptions | null {
  const [o, setO] = useState<ConsoleOptions | null>(null);
  useEffect(() => {
    let live = true;
    consoleOptions().then(
      (v) => live && setO(v),
      () => live && setO({ tileUrl: null }),
    );
    return () => {
      live = false;
    };
  }, []);
  return o;
}
