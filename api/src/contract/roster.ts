// The duty roster (transport/http/routes/roster.routes.ts): a property company's shifts, who may be put on
// duty, and the companies a caller may open.
import { z } from "zod";
import { instant, instantSpan } from "../shared/bounded.ts";

const id = z.string().min(1).max(64);

export const shiftIdParams = z.object({ id });

export const shiftView = z.object({
  id: z.string(),
  staffUserId: z.string(),
  staffName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  onDutyNow: z.boolean(),
});

/** GET /api/roster: at most 62 days */
export const rosterQuery = z
  .object({ from: instant, to: instant, propertyCompanyId: id.optional() })
  .superRefine(instantSpan("from", "to", 62));
export const rosterList = z.object({ propertyCompanyId: z.string(), now: z.string(), items: z.array(shiftView) });

/** GET /api/roster/companies */
export const rosterOverview = z.object({
  companies: z.array(z.object({ id: z.string(), name: z.string() })),
  today: z.string(),
  canEdit: z.boolean(),
});

export const rosterStaffQuery = z.object({ propertyCompanyId: id.optional() });
export const rosterPerson = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  phone: z.string(),
  onDutyNow: z.boolean(),
});
export const rosterStaff = z.object({ items: z.array(rosterPerson) });

export const shiftBody = z.object({
  staffUserId: id,
  startsAt: instant,
  endsAt: instant,
  propertyCompanyId: id.optional(),
});
export const shiftPatch = z.object({
  staffUserId: id.optional(),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
});

export type ShiftView = z.output<typeof shiftView>;
export type RosterList = z.output<typeof rosterList>;
export type RosterOverview = z.output<typeof rosterOverview>;
export type RosterPerson = z.output<typeof rosterPerson>;
export type ShiftInput = z.input<typeof shiftBody>;
export type ShiftPatchInput = z.input<typeof shiftPatch>;
export type RosterStaff = z.output<typeof rosterStaff>;
