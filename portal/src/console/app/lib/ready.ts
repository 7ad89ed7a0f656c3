// A screen says it is drawn (its data, and the charts and map it waits for): body[data-ready="1"], which the
// browser tests and the wall display's checks wait for, as the server-rendered pages' scripts did.
import { useEffect } from "react";

export function useReady(ready: boolean): void {
  useEffect(() => {
    if (!ready) return;
    document.body.dataset.ready = "1";
    return () => {
      delete document.body.dataset.ready;
    };
  }, [ready]);
}
