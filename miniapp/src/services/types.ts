/**
 * Request and response shapes of the Anxin API, as the mini-program uses them.
 * Kept in one file and lined up with the API's zod schemas (api/src/transport/http/routes/*.routes.ts).
 * Fields marked optional are ones the mini-program can live without (it degrades gracefully).
 */

/** Every error response: HTTP status plus this body. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

// ---------------------------------------------------------------- auth

export interface ResidentUser {
  kind: "resident";
  id: string;
  nickname: string | null;
  phone: string | null;
  elderlyMode: boolean;
}

export interface StaffUser {
  kind: "staff";
  id: string;
  name: string;
  role: string;
  propertyCompanyId?: string | null;
  townshipId?: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds */
  expiresIn: number;
}

export interface ResidentLoginResponse extends TokenPair {
  user: ResidentUser;
}

export interface StaffLoginResponse extends TokenPair {
  user: StaffUser;
}

/** POST /api/auth/wechat/login */
export interface WechatLoginRequest {
  code: string;
}
/** POST /api/auth/wechat/phone */
export interface WechatPhoneRequest {
  code: string;
}
export interface WechatPhoneResponse {
  phone: string;
}
/** POST /api/auth/refresh: answers like the login that issued the refresh token. */
export interface RefreshRequest {
  refreshToken: string;
}
export type RefreshResponse = ResidentLoginResponse | StaffLoginResponse;
/** POST /api/auth/staff/login */
export interface StaffLoginRequest {
  username: string;
  password: string;
}

// ---------------------------------------------------------------- me

/** GET /api/me */
export type MeResponse = ResidentUser | StaffUser;
/** PATCH /api/me */
export interface UpdateMeRequest {
  elderlyMode?: boolean;
  nickname?: string;
}

// ---------------------------------------------------------------- households

export type DeviceState = "normal" | "alarm" | "offline" | "low_battery" | "tamper" | "fault" | "never_connected";

export interface DeviceSummary {
  id: string;
  name: string | null;
  room: string | null;
  kind?: string;
  modelName: string;
  /** NORMAL | INSTALLATION | MAINTENANCE */
  mode?: string;
  state: DeviceState;
  online: boolean;
  /** percent 0-100, null when unknown */
  battery: number | null;
  /** dBm, null when unknown */
  rssi: number | null;
  /** ISO 8601, null when never seen */
  lastSeenAt: string | null;
}

export type HouseholdRole = "OWNER" | "FAMILY" | "TENANT";

export interface HouseholdSummary {
  id: string;
  address: string;
  communityId?: string;
  floor?: number;
  claimed?: boolean;
  role: HouseholdRole;
  devices: DeviceSummary[];
}

/** GET /api/households */
export interface HouseholdListResponse {
  items: HouseholdSummary[];
}

/**
 * A member's own switches for one home. A fire alarm always reaches every member: it has no switch.
 * The API defaults: problems on, neighbours' alarms off.
 */
export interface MembershipFlags {
  /** told when a neighbour's fire alarm in the same unit goes unanswered for 3 minutes */
  neighbourAlerts: boolean;
  /** the alarm's battery is running low */
  notifyLowBattery: boolean;
  /** the alarm has stopped checking in */
  notifyOffline: boolean;
  /** the alarm was taken off its base or opened */
  notifyTamper: boolean;
  /** the alarm reports a fault of its own */
  notifyFault: boolean;
}
export type MembershipFlag = keyof MembershipFlags;

export interface HouseholdMember extends Partial<MembershipFlags> {
  id: string;
  residentId?: string;
  nickname: string | null;
  phone: string | null;
  role: HouseholdRole;
  /** true for the signed-in resident */
  isMe?: boolean;
}

/** PATCH /api/households/:id/membership: any subset of the flags (at least one) */
export type MembershipPatch = Partial<MembershipFlags>;
export interface MembershipResponse extends MembershipFlags {
  householdId: string;
  role: HouseholdRole;
}

export interface EmergencyContact {
  id: string;
  name: string;
  phone: string;
  relation: string | null;
  priority?: number;
}

/** GET /api/households/:id */
export interface HouseholdDetail {
  id: string;
  address: string;
  communityId?: string;
  /** null for property staff looking at a home */
  role: HouseholdRole | null;
  members: HouseholdMember[];
  emergencyContacts: EmergencyContact[];
  devices: DeviceSummary[];
}

/** POST /api/households/join */
export interface JoinHouseholdRequest {
  code: string;
}
export interface JoinHouseholdResponse {
  householdId: string;
  role: HouseholdRole;
}
/** POST /api/households/:id/invites */
export interface CreateInviteRequest {
  role: HouseholdRole;
}
export interface InviteResponse {
  code: string;
  role?: HouseholdRole;
  expiresAt: string;
}
/** POST /api/households/:id/contacts */
export interface CreateContactRequest {
  name: string;
  /** mobile (1[3-9] + 9 digits) or landline with area code */
  phone: string;
  relation?: string;
  priority?: number;
}

// ---------------------------------------------------------------- places (property staff)

export interface CommunitySummary {
  id: string;
  name: string;
  address: string;
  township: string;
  propertyCompany: string | null;
  buildings: number;
  devices: number;
}

/** GET /api/communities */
export interface CommunityListResponse {
  items: CommunitySummary[];
}

/** GET /api/communities/:id/households */
export interface CommunityHouseholdsResponse {
  total: number;
  items: Omit<HouseholdSummary, "role">[];
}

// ---------------------------------------------------------------- devices

/** POST /api/devices/bind: either the scanned QR text or serial + bind code. */
export type BindDeviceRequest = ({ qr: string } | { serial: string; bindCode: string }) & {
  householdId: string;
  room?: string;
  name?: string;
};

/** POST /api/devices/bind/check: the same code fields; binds nothing */
export type BindCheckRequest = { qr: string } | { serial: string; bindCode: string };
export interface BindCheckResponse {
  serial: string;
  modelName: string;
}

export interface DeviceEvent {
  id: number | string;
  /** the device message type, e.g. "alarm", "heartbeat", "low_battery", "tamper", "self_test" */
  type: string;
  /** when the device says it happened */
  ts: string;
  receivedAt?: string;
  /** for entries the app writes itself, e.g. a hand-over: "张三 移交给 李四" */
  note?: string | null;
}

export interface DeviceStatus {
  online: boolean;
  lastSeenAt: string | null;
  battery: number | null;
  rssi: number | null;
  snr?: number | null;
  smoke?: number | null;
  temperature?: number | null;
  /** true while the smoke is above the alarm threshold: muting is refused then */
  smokeAlarm: boolean;
  lowBattery?: boolean;
  tamper?: boolean;
  fault?: boolean;
}

export type DeviceCommandType = "mute" | "self_test";

/** GET /api/devices/:id (also the answer of bind and PATCH) */
export interface DeviceDetail {
  id: string;
  serial: string;
  name: string | null;
  room: string | null;
  mode: string;
  householdId: string | null;
  communityId: string | null;
  model: {
    id: string;
    name: string;
    kind: string;
    heartbeatIntervalSec: number;
    supportsMute: boolean;
    supportsSelfTest: boolean;
  };
  state: DeviceState | string;
  status: DeviceStatus | null;
  /** the resident who answers for the device (who bound it, or to whom it was handed over); null if none */
  responsible?: { residentId: string; name: string } | null;
  events: DeviceEvent[];
}

/** POST /api/devices/:id/handover (the home's owner or the responsible person); answers with the DeviceDetail */
export interface HandoverRequest {
  residentId: string;
}

/** PATCH /api/devices/:id */
export interface UpdateDeviceRequest {
  room?: string;
  name?: string;
}

/** POST /api/devices/:id/commands (202) */
export interface DeviceCommandRequest {
  type: DeviceCommandType;
}
export interface DeviceCommandResponse {
  id: string;
  type: string;
  status: string;
}

/** POST /api/devices/:id/unbind: a new binding code for the next home */
export interface UnbindResponse {
  id: string;
  bindCode: string;
  bindQr: string;
}

// ---------------------------------------------------------------- alarms

/** NOTIFY_FAILED: a fire alarm's step reached nobody; staff only (it has no household) */
export type AlarmKind = "FIRE" | "TAMPER" | "LOW_BATTERY" | "FAULT" | "OFFLINE" | "NOTIFY_FAILED";
export type AlarmStatus = "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
export type AlarmResolution = "FALSE_ALARM" | "TEST" | "REAL_FIRE" | "DEVICE_FAULT";

export interface AlarmSummary {
  id: string;
  kind: AlarmKind;
  /** the API's own Chinese label for the kind */
  kindLabel?: string;
  severity: string;
  status: AlarmStatus;
  resolution?: string | null;
  occurrences?: number;
  startedAt: string;
  lastEventAt?: string;
  acknowledgedAt?: string | null;
  resolvedAt?: string | null;
  report119?: boolean;
  device: { id: string; name: string | null; room: string | null };
  householdId?: string | null;
  communityId?: string | null;
  address: string | null;
  /** the property staff member sent to the home (phone masked), and when */
  dispatchedTo?: Dispatchee | null;
  dispatchedAt?: string | null;
}

export interface Dispatchee {
  id: string;
  name: string;
  /** masked: 138****0003 */
  phone: string;
}

/** GET /api/alarms?status=open|all */
export interface AlarmListResponse {
  total?: number;
  items: AlarmSummary[];
}

export interface AlarmAction {
  /** raised, repeated, acknowledged, dispatched, note, resolved, escalated, muted */
  action: string;
  /** "resident:<id>", "staff:<id>", "device:<id>", "system" */
  actor: string;
  note: string | null;
  at: string;
}

export interface AlarmNotification {
  /** WECHAT, SMS, VOICE, PUSH */
  channel: string;
  /** "resident:<id>", "staff:<id>", "contact:<id>" */
  recipient: string;
  /** the recipient's name as the API knows it (nickname, staff name, contact with relation); null if unknown */
  recipientName?: string | null;
  template?: string;
  /** QUEUED, SENDING, SENT, DELIVERED, FAILED, CANCELLED */
  status: string;
  /** the API's Chinese word for the status */
  statusLabel?: string;
  sentAt: string | null;
  /** when the provider confirmed delivery */
  deliveredAt?: string | null;
  createdAt?: string;
}

export interface EscalationStep {
  label: string;
  at: string;
}

/** GET /api/alarms/:id */
export interface AlarmDetail extends Omit<AlarmSummary, "device"> {
  device: {
    id: string;
    name: string | null;
    room: string | null;
    modelName?: string;
    supportsMute?: boolean;
    smoke?: number | null;
    /** smoke still above the alarm threshold: mute is refused */
    smokeAlarm?: boolean;
    /** heavy smoke right now: mute is refused, and a resident cannot close it as a false alarm or a test */
    smokeHigh?: boolean;
  };
  actions: AlarmAction[];
  notifications: AlarmNotification[];
  escalation: { level?: number; nextStep: EscalationStep | null };
}

/** POST /api/alarms/:id/ack and /resolve */
export interface AlarmChangeResponse {
  outcome: string;
  alarm: { id: string; kind: string; status: string; resolution: string | null; report119: boolean } | null;
}

/** POST /api/alarms/:id/resolve */
export interface ResolveAlarmRequest {
  resolution: AlarmResolution;
  note?: string;
}

/** POST /api/alarms/:id/photos (raw JPEG, PNG or WebP body, at most 8 MB; stored re-encoded as JPEG) */
export interface AlarmPhoto {
  id: string;
  width: number;
  height: number;
  bytes: number;
  caption: string | null;
  uploadedBy: string;
  at: string;
  /** served only with the caller's token */
  url: string;
  thumbUrl: string;
}
/** GET /api/alarms/:id/photos */
export interface AlarmPhotoListResponse {
  items: AlarmPhoto[];
}

/** GET /api/alarms/:id/dispatchable: the managing company's staff, on duty now first */
export interface DispatchableStaff {
  id: string;
  name: string;
  /** PROPERTY_STAFF | PROPERTY_MANAGER */
  role: string;
  /** masked */
  phone: string;
  onDuty: boolean;
  /** the end of the shift they are on now */
  onDutyUntil: string | null;
}
export interface DispatchableResponse {
  items: DispatchableStaff[];
}

/** POST /api/alarms/:id/dispatch (property staff and managers; a new dispatch replaces the last) */
export interface DispatchRequest {
  staffUserId: string;
  note?: string;
}
export interface DispatchResponse extends AlarmChangeResponse {
  dispatchedTo: Dispatchee | null;
  dispatchedAt: string | null;
}

// ---------------------------------------------------------------- notifications

/** GET /api/notifications/templates: the subscribe-message template ids to ask residents for */
export interface NotificationTemplatesResponse {
  alarm: string;
  reminder: string;
}

/** POST /api/notifications/subscriptions: what the resident accepted in wx.requestSubscribeMessage */
export interface SubscriptionsRequest {
  accepted: string[];
  longTerm?: boolean;
}
export interface SubscriptionsResponse {
  items: { template: string; longTerm: boolean; remaining: number }[];
}
