// The answer schema of each API route the mini-program calls, from the API's public contract. The fake
// API (fakeApi.ts) parses every 2xx reply of these routes with them, so a fixture that drifts from the API
// (a renamed or missing field) fails the unit test that serves it, not only the browser tests.
import type { z } from "zod";
import * as c from "@anxin/contract";

const b = c.bookings;

export const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  "POST /api/auth/wechat/login": c.residentLogin,
  "POST /api/auth/wechat/phone": c.wechatPhoneResult,
  "POST /api/auth/staff/login": c.staffLogin,
  "POST /api/auth/refresh": c.refreshResult,
  "GET /api/me": c.userSchema,
  "PATCH /api/me": c.residentUser,
  "GET /api/households": c.householdList,
  "GET /api/households/:id": c.householdDetail,
  "POST /api/households/join": c.joinHouseholdResult,
  "POST /api/households/:id/invites": c.inviteResult,
  "PATCH /api/households/:id/membership": c.membershipResult,
  "POST /api/households/:id/contacts": c.emergencyContact,
  "GET /api/communities": c.communityList,
  "GET /api/communities/:id/households": c.communityHouseholds,
  "POST /api/devices/bind/check": c.bindCheckResult,
  "POST /api/devices/bind": c.deviceDetail,
  "GET /api/devices/:id": c.deviceDetail,
  "PATCH /api/devices/:id": c.deviceDetail,
  "POST /api/devices/:id/handover": c.deviceDetail,
  "POST /api/devices/:id/unbind": c.unbindResult,
  "POST /api/devices/:id/commands": c.deviceCommandResult,
  "GET /api/alarms": c.alarmList,
  "GET /api/alarms/:id": c.alarmDetail,
  "POST /api/alarms/:id/ack": c.alarmChange,
  "POST /api/alarms/:id/resolve": c.alarmChange,
  "GET /api/alarms/:id/photos": c.alarmPhotoList,
  "POST /api/alarms/:id/photos": c.alarmPhoto,
  "GET /api/alarms/:id/dispatchable": c.dispatchableList,
  "POST /api/alarms/:id/dispatch": c.dispatchResult,
  "GET /api/notifications/templates": c.notificationTemplates,
  "POST /api/notifications/subscriptions": c.subscriptionsResult,
  "GET /api/centres": b.centreList,
  "GET /api/centres/:id": b.centreDetail,
  "GET /api/sessions": b.sessionList,
  "GET /api/centre-staff/today": b.staffToday,
  "GET /api/sessions/:id": b.sessionView,
  "POST /api/sessions/:id/bookings": b.bookingView,
  "POST /api/sessions/:id/group-bookings": b.bookingView,
  "GET /api/sessions/:id/attendance": b.attendanceView,
  "POST /api/sessions/:id/attendance/close": b.closeAttendanceResult,
  "GET /api/bookings": b.bookingList,
  "GET /api/bookings/:id": b.bookingView,
  "PATCH /api/bookings/:id": b.bookingView,
  "PUT /api/bookings/:id/attendees": b.bookingView,
  "POST /api/bookings/:id/cancel": b.bookingView,
  "POST /api/bookings/:id/accept-offer": b.bookingView,
  "GET /api/bookings/:id/ticket": b.ticketView,
  "POST /api/check-in": b.checkInResult,
  "GET /api/centre/verdicts": c.centre.recentVerdicts,
};

/** The schema for a fake route ("METHOD /api/path/:param"), if the contract names one. */
export function responseSchema(route: string): z.ZodType | undefined {
  return RESPONSE_SCHEMAS[route.replace(/:[a-zA-Z]+/g, ":id")];
}
