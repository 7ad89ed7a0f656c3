// Signing in and the signed-in user (transport/http/routes/auth.routes.ts).
import { z } from "zod";

export const residentUser = z.object({
  kind: z.literal("resident"),
  id: z.string(),
  nickname: z.string().nullable(),
  phone: z.string().nullable(),
  elderlyMode: z.boolean(),
});
export const staffUser = z.object({
  kind: z.literal("staff"),
  id: z.string(),
  name: z.string(),
  role: z.string(),
  propertyCompanyId: z.string().nullable(),
  townshipId: z.string().nullable(),
});
export const userSchema = z.discriminatedUnion("kind", [residentUser, staffUser]);
/** expiresIn in seconds */
export const tokenFields = { accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() };
export const tokenPair = z.object(tokenFields);

export const residentLogin = z.object({ ...tokenFields, user: residentUser });
export const staffLogin = z.object({ ...tokenFields, user: staffUser });
/** POST /api/auth/refresh: answers like the login that issued the refresh token */
export const refreshResult = z.object({ ...tokenFields, user: userSchema });
export const wechatPhoneResult = z.object({ phone: z.string() });
/** PATCH /api/me */
export const updateMeBody = z.object({
  elderlyMode: z.boolean().optional(),
  nickname: z.string().trim().min(1).max(32).optional(),
});

/** Every error response: an HTTP status plus this body (shared/errors.ts). */
/** one refused field of a request, as the API names it ("weekdays", "capacity"), with why */
export const fieldIssue = z.object({ path: z.string(), message: z.string() });
/** every refusal's body (transport/http/middleware/errors.ts) */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** the request's id in the API's log */
    requestId: z.string().optional(),
    /** VALIDATION_FAILED: the refused fields (fieldIssue each); other codes may add their own (retryAfterSec) */
    details: z.unknown().optional(),
  }),
});

export type ResidentUser = z.output<typeof residentUser>;
export type StaffUser = z.output<typeof staffUser>;
export type TokenPair = z.output<typeof tokenPair>;
export type ResidentLoginResponse = z.output<typeof residentLogin>;
export type StaffLoginResponse = z.output<typeof staffLogin>;
export type RefreshResponse = z.output<typeof refreshResult>;
export type MeResponse = z.output<typeof userSchema>;
export type WechatPhoneResponse = z.output<typeof wechatPhoneResult>;
export type UpdateMeRequest = z.input<typeof updateMeBody>;
export type ApiErrorBody = z.output<typeof errorBody>;
export type FieldIssue = z.output<typeof fieldIssue>;

// ---- what the sign-in routes take ----

/** a wx.login or getPhoneNumber code */
export const wechatCodeBody = z.object({ code: z.string().min(1).max(128) });

export const staffLoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) });

export const refreshBody = z.object({ refreshToken: z.string().min(1).max(256) });

export const logoutBody = z.object({ refreshToken: z.string().min(1).max(256).optional() });
