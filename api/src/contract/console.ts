// The staff console's own JSON (portal/src/console/router.ts): not API routes but the portal transport's
// answers to its React app. /console/session.json says who is signed in and where the role may go (the
// server's one list of pages per role); /console/options.json what the county configured for the screens.
import { z } from "zod";

/** one entry of the console's bar: the screen's key (its path under /console) and its Chinese name */
export const consoleNavEntry = z.object({ key: z.string(), label: z.string() });

/** GET /console/session.json: never a token (the scripts call the API with the HttpOnly session cookie) */
export const consoleSession = z.object({
  role: z.string(),
  /** the staff member's name; empty for a signed-in resident */
  name: z.string(),
  roleLabel: z.string(),
  /** the role's landing screen, or none (the content pages) */
  home: z.string().nullable(),
  nav: z.array(consoleNavEntry),
});
export type ConsoleSession = z.infer<typeof consoleSession>;

/** GET /console/options.json */
export const consoleOptions = z.object({
  /** the map's tile address (the page's CSP allows it), or none: the map draws markers on a blank ground */
  tileUrl: z.string().max(500).nullable(),
});
export type ConsoleOptions = z.infer<typeof consoleOptions>;
