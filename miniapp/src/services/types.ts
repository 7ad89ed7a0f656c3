/**
 * Request and response shapes of the Anxin API, as the mini-program uses them.
 * Kept in one file so they can be lined up with the API's zod schemas.
 * Fields marked optional are ones the mini-program can live without (it degrades gracefully).
 */

/** Every error response: HTTP status plus this body. */
export interface ApiErrorBody {
  error: { code: string; message: string }
}

// ---------------------------------------------------------------- auth

export interface ResidentUser {
  kind: 'resident'
  id: string
  nickname: string | null
  phone: string | null
  elderlyMode: boolean
}

export interface StaffUser {
  kind: 'staff'
  id: string
  name: string
  role: string
}

export interface TokenPair {
  accessToken: string
  refreshToken: string
  /** seconds */
  expiresIn: number
}

export interface ResidentLoginResponse extends TokenPair {
  user: ResidentUser
}

export interface StaffLoginResponse extends TokenPair {
  user: StaffUser
}

/** POST /api/auth/wechat/login */
export interface WechatLoginRequest {
  code: string
}
/** POST /api/auth/wechat/phone */
export interface WechatPhoneRequest {
  code: string
}
export interface WechatPhoneResponse {
  phone: string
}
/** POST /api/auth/refresh: answers like the login that issued the refresh token. */
export interface RefreshRequest {
  refreshToken: string
}
export type RefreshResponse = ResidentLoginResponse | StaffLoginResponse
/** POST /api/auth/staff/login */
export interface StaffLoginRequest {
  username: string
  password: string
}

// ---------------------------------------------------------------- me

/** GET /api/me */
export type MeResponse = ResidentUser | StaffUser
/** PATCH /api/me */
export interface UpdateMeRequest {
  elderlyMode?: boolean
  nickname?: string
}

// ---------------------------------------------------------------- households

export type DeviceState =
  | 'normal'
  | 'alarm'
  | 'offline'
  | 'low_battery'
  | 'tamper'
  | 'fault'
  | 'never_connected'

export interface DeviceSummary {
  id: string
  name: string
  room: string
  modelName: string
  state: DeviceState
  online: boolean
  /** percent 0-100, null when unknown */
  battery: number | null
  /** dBm, null when unknown */
  rssi: number | null
  /** ISO 8601, null when never seen */
  lastSeenAt: string | null
  /** commands the device model supports, when the API says */
  capabilities?: DeviceCommandType[]
}

export type HouseholdRole = 'owner' | 'member' | string

export interface HouseholdSummary {
  id: string
  address: string
  role: HouseholdRole
  devices: DeviceSummary[]
}

/** GET /api/households */
export interface HouseholdListResponse {
  items: HouseholdSummary[]
}

export interface HouseholdMember {
  id: string
  nickname: string | null
  phone: string | null
  role: HouseholdRole
  /** true for the signed-in resident */
  isMe?: boolean
}

export interface EmergencyContact {
  id: string
  name: string
  phone: string
  relation: string
}

/** GET /api/households/:id */
export interface HouseholdDetail {
  id: string
  address: string
  role: HouseholdRole
  members: HouseholdMember[]
  emergencyContacts: EmergencyContact[]
  devices: DeviceSummary[]
}

/** POST /api/households/join */
export interface JoinHouseholdRequest {
  code: string
}
/** POST /api/households/:id/invites */
export interface CreateInviteRequest {
  role: HouseholdRole
}
export interface InviteResponse {
  code: string
  expiresAt: string
}
/** POST /api/households/:id/contacts */
export interface CreateContactRequest {
  name: string
  phone: string
  relation: string
}

// ---------------------------------------------------------------- devices

/** POST /api/devices/bind: either the scanned QR text or serial + bind code. */
export type BindDeviceRequest = ({ qr: string } | { serial: string; bindCode: string }) & {
  householdId: string
  room: string
  name: string
}

export interface DeviceEvent {
  id: string
  /** e.g. "smoke", "heartbeat", "low_battery", "tamper", "self_test", "mute" */
  type: string
  at: string
  /** human text when the API provides it */
  summary?: string
  value?: number | null
}

export interface DeviceStatus {
  /** smoke reading when the device reports one */
  smoke?: number | null
  /** true while the smoke level is above the alarm threshold: muting is refused then */
  smokeHigh?: boolean
  battery?: number | null
  rssi?: number | null
  lastSeenAt?: string | null
  online?: boolean
}

export type DeviceCommandType = 'mute' | 'self_test'

/** GET /api/devices/:id */
export interface DeviceDetailResponse {
  device: DeviceSummary & { serial?: string; householdId?: string; address?: string }
  status: DeviceStatus
  events: DeviceEvent[]
}

/** PATCH /api/devices/:id */
export interface UpdateDeviceRequest {
  room?: string
  name?: string
}

/** POST /api/devices/:id/commands */
export interface DeviceCommandRequest {
  type: DeviceCommandType
}

// ---------------------------------------------------------------- alarms

export type AlarmKind = 'FIRE' | 'TAMPER' | 'LOW_BATTERY' | 'FAULT' | 'OFFLINE'
export type AlarmStatus = 'ACTIVE' | 'ACKNOWLEDGED' | 'RESOLVED'
export type AlarmResolution = 'FALSE_ALARM' | 'TEST' | 'REAL_FIRE' | 'DEVICE_FAULT'

export interface AlarmSummary {
  id: string
  kind: AlarmKind
  severity: string
  status: AlarmStatus
  startedAt: string
  device: { id: string; name: string; room: string }
  address: string
}

/** GET /api/alarms?status=open|all */
export interface AlarmListResponse {
  items: AlarmSummary[]
}

export interface AlarmAction {
  /** e.g. "ACK", "RESOLVE" */
  type: string
  at: string
  actorLabel?: string
  note?: string | null
}

export interface AlarmNotification {
  /** e.g. "wechat", "sms", "voice" */
  channel: string
  recipientLabel: string
  /** e.g. "sent", "delivered", "failed", "pending" */
  status: string
  sentAt: string | null
}

export interface EscalationStep {
  label: string
  at: string
}

/** GET /api/alarms/:id */
export interface AlarmDetail extends AlarmSummary {
  actions: AlarmAction[]
  notifications: AlarmNotification[]
  escalation: { nextStep: EscalationStep | null }
}

/** POST /api/alarms/:id/resolve */
export interface ResolveAlarmRequest {
  resolution: AlarmResolution
  note?: string
}
