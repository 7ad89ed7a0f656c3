// The API's public entry, `@anxin/api` (issue 13): all that a transport outside api/ (the portal: the
// public site and the staff console's server) takes from the API. The portal is a second transport over the
// same services, so it gets them from the composition root (scripts/app.ts) and from here only their types,
// the errors it answers with, and the few helpers both transports share. The schemas, types and labels of
// the JSON API are the contract's, `@anxin/contract` (api/src/contract/index.ts and its files), not this.
// Both names are path aliases in config/tsconfig.base.json (tsc, tsx and esbuild read it; Vite and Vitest
// with resolve.tsconfigPaths). Lint refuses the portal any other way into api/src (portal/eslint.config.js).

// the services the composition root hands the portal (only those it uses: not the database, not the
// ingest, the broker or the notifications' loops), and who is calling
import type { Services } from "./services.ts";
export type PortalServices = Pick<
  Services,
  | "auth"
  | "bookings"
  | "centre"
  | "clock"
  | "devices"
  | "education"
  | "inspection"
  | "places"
  | "reports"
  | "rollout"
  | "rolloutDispatch"
  | "tokens"
>;
export type { Principal, Role } from "./modules/auth/principal.ts";
export { AppError } from "./shared/errors.ts";

// the staff session: one cookie and one CSRF rule for both transports (transport/http/staff-session.ts)
export { SESSION_COOKIE, ownOrigin, sessionCookieOptions } from "./transport/http/staff-session.ts";
export { isLoopback, RateLimiter } from "./shared/rate-limit.ts";

// education: the topics the public site is organised by, who may edit, what media the console accepts
export { TOPICS, topicByKey, type Topic } from "./modules/education/topics.ts";
export { isEditor } from "./modules/education/workflow.ts";
export { IMAGE_TYPES, MAX_VIDEO_BYTES, VIDEO_TYPES } from "./modules/education/media-store.ts";

// the server-rendered console pages: uploaded photos checked as the JSON API checks them, the workbooks the
// JSON routes also send, and the shapes of the documents and the command view they render
export { sniffImage } from "./modules/inspection/photos.ts";
export { dispatchWorkbook } from "./modules/dispatch/dispatch-xlsx.ts";
export { monthlyWorkbook } from "./modules/reports/monthly-xlsx.ts";
export type { RectificationNotice } from "./modules/inspection/index.ts";
export type { AlarmFile, BoardAlarm, MapUnit } from "./modules/centre/index.ts";

// static files compressed once and kept, Brotli or gzip as the browser takes them (the H5 site's and the
// console's): in zlib's thread pool, never on the event loop
export { acceptedEncodings, brotliFile, gzipFile, pickEncoding } from "./shared/static-compression.ts";
