// The portal's server side, mounted by the API process behind the JSON routes: the public fire-safety
// education site (server-rendered) and the staff console. Filled in by the portal issue.
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";

export function createPortal(_services: Services): Koa.Middleware[] {
  return [];
}
