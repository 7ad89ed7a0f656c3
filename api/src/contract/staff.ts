// Staff accounts and their invitations as the API speaks them (transport/http/routes/setup.routes.ts): an
// account as its manager sees it (whether the person has set a password), what creating one sends, and the
// invitation code (shown once) with which the person sets their own password. The console's unit team
// screen takes these types.
import { z } from "zod";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const staffAccount = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
  active: z.boolean(),
  hasPassword: z.boolean(),
  propertyCompanyId: z.string().nullable(),
  townshipId: z.string().nullable(),
  sector: z.string().nullable(),
  serviceCompanyId: z.string().nullable(),
  unitIds: z.array(z.string()),
});
export const staffInvitation = z.object({ code: z.string(), expiresAt: z.string() });
/** POST /api/setup/staff: an account without a password, with its role and scope */
export const staffCreateBody = z.strictObject({
  username: z.string().max(64),
  name: z.string().max(40),
  phone: z.string().max(20).nullable().optional(),
  role: z.string().max(40),
  propertyCompanyId: id.nullable().optional(),
  townshipId: id.nullable().optional(),
  sector: z.string().max(40).nullable().optional(),
  serviceCompanyId: id.nullable().optional(),
  unitIds: z.array(id).max(50).nullable().optional(),
});
export const staffCreated = z.object({ staff: staffAccount, invitation: staffInvitation });

export type StaffAccount = z.infer<typeof staffAccount>;
export type StaffInvitation = z.infer<typeof staffInvitation>;
export type StaffCreateBody = z.input<typeof staffCreateBody>;
export type StaffCreated = z.infer<typeof staffCreated>;
