// Complete answers of the API, typed by the public contract (api/src/contract): a fixture missing a field
// or naming one the API does not send is refused by the type check, and test/unit/contract.test.ts parses
// every one of them with the API's own zod schemas.
import type {
  AlarmChangeResponse,
  AlarmDetail,
  AlarmNotification,
  AlarmPhoto,
  AlarmSummary,
  CommunitySummary,
  DeviceCommandResponse,
  DeviceDetail,
  DeviceEvent,
  DeviceStatus,
  DeviceSummary,
  DispatchResponse,
  EmergencyContact,
  HouseholdDetail,
  HouseholdMember,
  HouseholdSummary,
  InviteResponse,
  ResidentLoginResponse,
  ResidentUser,
  StaffLoginResponse,
  StaffUser,
} from "@anxin/contract";
import { KIND_LABEL } from "@anxin/contract/labels";

const now = () => new Date().toISOString();

export function alarmSummary(over: Partial<AlarmSummary> = {}): AlarmSummary {
  const startedAt = new Date(Date.now() - 3 * 60000).toISOString();
  return {
    id: "a1",
    kind: "FIRE",
    kindLabel: KIND_LABEL[over.kind ?? "FIRE"],
    severity: "CRITICAL",
    status: "ACTIVE",
    resolution: null,
    occurrences: 1,
    startedAt,
    lastEventAt: startedAt,
    acknowledgedAt: null,
    resolvedAt: null,
    report119: false,
    verdict: null,
    device: { id: "d1", name: "客厅烟感", room: "客厅" },
    householdId: "h1",
    communityId: "c1",
    address: "幸福小区 3号楼 1单元 1203",
    unitId: null,
    unitName: null,
    keyPartId: null,
    floor: null,
    point: "",
    location: null,
    source: "mqtt",
    dispatchedTo: null,
    dispatchedAt: null,
    ...over,
  };
}

export function alarmNotification(over: Partial<AlarmNotification> = {}): AlarmNotification {
  return {
    channel: "SMS",
    recipient: "contact:c1",
    recipientName: null,
    template: "fire",
    status: "QUEUED",
    statusLabel: "待发送",
    sentAt: null,
    deliveredAt: null,
    createdAt: now(),
    ...over,
  };
}

export function alarmDetail(over: Partial<AlarmDetail> = {}, summary: AlarmSummary = alarmSummary()): AlarmDetail {
  return {
    ...summary,
    device: {
      ...summary.device,
      modelName: "AX-S1",
      supportsMute: true,
      smoke: 20,
      smokeAlarm: false,
      smokeHigh: false,
    },
    actions: [],
    photos: [],
    cameras: [],
    notifications: [],
    escalation: { level: 0, nextStep: null },
    ...over,
  };
}

export function deviceSummary(over: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    id: "d1",
    name: "客厅烟感",
    room: "客厅",
    kind: "SMOKE",
    modelName: "AX-S1",
    power: null,
    network: null,
    mode: "NORMAL",
    state: "normal",
    online: true,
    battery: 85,
    rssi: -80,
    lastSeenAt: now(),
    ...over,
  };
}

export function household(over: Partial<HouseholdSummary> = {}): HouseholdSummary {
  return {
    id: "h1",
    address: "幸福小区 3号楼 1单元 1203",
    communityId: "c1",
    floor: 12,
    claimed: true,
    role: "OWNER",
    devices: [deviceSummary()],
    ...over,
  };
}

export function member(over: Partial<HouseholdMember> = {}): HouseholdMember {
  return {
    id: "m1",
    residentId: "u1",
    nickname: "张阿姨",
    phone: "138****0009",
    role: "OWNER",
    isMe: true,
    neighbourAlerts: false,
    notifyLowBattery: true,
    notifyOffline: true,
    notifyTamper: true,
    notifyFault: true,
    ...over,
  };
}

export function householdDetail(over: Partial<HouseholdDetail> = {}): HouseholdDetail {
  const { role, ...home } = household();
  return { ...home, role, members: [member()], emergencyContacts: [], ...over };
}

export function deviceStatus(over: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    online: true,
    lastSeenAt: now(),
    battery: 80,
    rssi: -70,
    snr: null,
    smoke: null,
    temperature: null,
    smokeAlarm: false,
    lowBattery: false,
    tamper: false,
    fault: false,
    ...over,
  };
}

export function deviceEvent(over: Partial<DeviceEvent> = {}): DeviceEvent {
  const ts = now();
  return { id: 1, type: "heartbeat", ts, receivedAt: ts, note: null, ...over };
}

export function deviceDetail(over: Partial<DeviceDetail> = {}): DeviceDetail {
  return {
    id: "d1",
    serial: "AX2024000123",
    name: "客厅烟感",
    room: "客厅",
    mode: "NORMAL",
    householdId: "h1",
    communityId: "c1",
    model: {
      id: "m1",
      name: "AX-S1",
      kind: "SMOKE",
      heartbeatIntervalSec: 3600,
      supportsMute: true,
      supportsSelfTest: true,
      power: null,
      network: null,
    },
    state: "normal",
    status: deviceStatus(),
    responsible: null,
    events: [deviceEvent()],
    ...over,
  };
}

export function residentUser(over: Partial<ResidentUser> = {}): ResidentUser {
  return { kind: "resident", id: "u1", nickname: "张阿姨", phone: null, elderlyMode: false, ...over };
}

export function staffUser(over: Partial<StaffUser> = {}): StaffUser {
  return {
    kind: "staff",
    id: "s1",
    name: "赵师傅",
    role: "PROPERTY_STAFF",
    propertyCompanyId: null,
    townshipId: null,
    ...over,
  };
}

/** POST /api/auth/wechat/login (and /api/auth/refresh for a resident) */
export function residentLogin(accessToken = "A", refreshToken = "R", user = residentUser()): ResidentLoginResponse {
  return { accessToken, refreshToken, expiresIn: 900, user };
}

/** POST /api/auth/staff/login */
export function staffLogin(user: Partial<StaffUser> = {}): StaffLoginResponse {
  return { accessToken: "S", refreshToken: "SR", expiresIn: 900, user: staffUser(user) };
}

export function community(over: Partial<CommunitySummary> = {}): CommunitySummary {
  return {
    id: "c1",
    name: "幸福小区",
    address: "城关街道",
    township: "城关",
    propertyCompany: "安居物业",
    buildings: 3,
    devices: 40,
    latitude: null,
    longitude: null,
    ...over,
  };
}

export function emergencyContact(over: Partial<EmergencyContact> = {}): EmergencyContact {
  return { id: "c1", name: "王女士", phone: "13800000001", relation: "女儿", priority: 0, ...over };
}

export function invite(over: Partial<InviteResponse> = {}): InviteResponse {
  return {
    code: "482913",
    role: "FAMILY",
    expiresAt: new Date(Date.now() + 86400000).toISOString(),
    replacesOwner: false,
    ...over,
  };
}

/** POST /api/devices/:id/commands */
export function commandResult(over: Partial<DeviceCommandResponse> = {}): DeviceCommandResponse {
  return { id: "cmd1", type: "self_test", status: "SENT", ...over };
}

/** POST /api/alarms/:id/ack and /resolve: `alarm` null when the fixture does not care */
export function alarmChange(over: Partial<AlarmChangeResponse> = {}): AlarmChangeResponse {
  return { outcome: "acknowledged", alarm: null, ...over };
}

/** POST /api/alarms/:id/dispatch */
export function dispatchResult(over: Partial<DispatchResponse> = {}): DispatchResponse {
  return {
    outcome: "dispatched",
    alarm: null,
    dispatchedTo: { id: "s1", name: "赵师傅", phone: "138****0004" },
    dispatchedAt: now(),
    ...over,
  };
}

export function alarmPhoto(over: Partial<AlarmPhoto> = {}): AlarmPhoto {
  return {
    id: "p1",
    width: 1,
    height: 1,
    bytes: 10,
    caption: null,
    uploadedBy: "staff:s1",
    at: now(),
    url: "/x",
    thumbUrl: "/x",
    ...over,
  };
}
