import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as c from "../../../contract/auth.ts";

export const authRoutes = [
  route({
    method: "post",
    path: "/api/auth/wechat/login",
    summary: "Resident sign-in: exchange a wx.login code (jscode2session) for tokens",
    tag: "auth",
    access: "public",
    body: c.wechatCodeBody,
    rateLimit: "signIn",
    response: c.residentLogin,
    handler: ({ services, body }) => services.auth.wechatLogin(body.code),
  }),
  route({
    method: "post",
    path: "/api/auth/wechat/phone",
    summary: "Confirm the resident's phone number with a getPhoneNumber code",
    tag: "auth",
    access: ROLE_SETS.residents,
    body: c.wechatCodeBody,
    rateLimit: "codes",
    response: c.wechatPhoneResult,
    handler: ({ services, principal, body }) => services.auth.confirmPhone(principal.id, body.code),
  }),
  route({
    method: "post",
    path: "/api/auth/staff/login",
    summary:
      "Staff sign-in with username or phone and password. Wrong password and unknown name answer alike; repeated failures from one address are slowed down (429 with Retry-After), never locking the account for others",
    tag: "auth",
    access: "public",
    body: c.staffLoginBody,
    rateLimit: "signIn",
    response: c.staffLogin,
    handler: ({ services, body, ctx }) => services.auth.staffLogin(body.username, body.password, ctx.ip),
  }),
  route({
    method: "post",
    path: "/api/auth/refresh",
    summary: "Exchange a refresh token for a new token pair (the old one stops working)",
    tag: "auth",
    access: "public",
    body: c.refreshBody,
    rateLimit: "signIn",
    response: c.refreshResult,
    handler: ({ services, body }) => services.auth.refresh(body.refreshToken),
  }),
  route({
    method: "post",
    path: "/api/auth/logout",
    summary:
      "Sign out: ends the session of the refresh token given (or of the bearer token's, without one); its access tokens stop working at once",
    tag: "auth",
    access: "public",
    body: c.logoutBody,
    status: 204,
    handler: async ({ services, body, principal }) => {
      if (body.refreshToken) await services.auth.logout(body.refreshToken);
      else if (principal?.sessionId) await services.tokens.revokeSession(principal.sessionId);
      else throw new AppError("VALIDATION_FAILED", "需要 refreshToken 或登录凭证");
    },
  }),
  route({
    method: "get",
    path: "/api/me",
    summary: "The signed-in user",
    tag: "auth",
    access: "any",
    response: c.userSchema,
    handler: ({ services, principal }) => services.auth.me(principal),
  }),
  route({
    method: "patch",
    path: "/api/me",
    summary: "Resident settings: elderly mode, nickname",
    tag: "auth",
    access: ROLE_SETS.residents,
    body: c.updateMeBody,
    response: c.residentUser,
    handler: ({ services, principal, body }) => {
      if (body.elderlyMode === undefined && body.nickname === undefined)
        throw new AppError("VALIDATION_FAILED", "没有要修改的内容");
      return services.auth.updateResident(principal.id, body);
    },
  }),
];
