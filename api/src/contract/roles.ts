// Who may do what: every role, and every set of roles the API, its services and the staff console check,
// named once. Routes declare `access: ROLE_SETS.x`, services test `may(ROLE_SETS.x, role)`, and the
// console's top bar shows a page to the set that may use it. No imports at all, so browser code (the
// console's scripts, a future React console) imports it as a value; modules/auth/principal.ts checks the
// roles against the database's enum.
//
// A set is named for the people in it, not for one use of it: the same people under two names was how the
// route files drifted apart. Order within a set is the order /openapi.json lists them in.

/** Every staff role (the database's StaffRole enum; principal.ts checks the two agree). */
export const STAFF_ROLES = [
  "PROPERTY_MANAGER",
  "PROPERTY_STAFF",
  "TOWNSHIP_COORDINATOR",
  "CENTRE_STAFF",
  "FIRE_SUPERVISOR",
  "ADMIN",
  // networked units (issue 14): scoped by unit-scope.ts (their units, sector, service company, or the county)
  "UNIT_RESPONSIBLE",
  "UNIT_MANAGER",
  "UNIT_SAFETY_OFFICER",
  "CONTROL_ROOM_OPERATOR",
  "SECTOR_REGULATOR",
  "MAINTENANCE_TECH",
  "INSTALLER",
  "CENTRE_OPERATOR",
  "PROGRAMME_OFFICE",
] as const;

export type StaffRoleName = (typeof STAFF_ROLES)[number];
export type RoleName = "RESIDENT" | StaffRoleName;

export const ROLE_SETS = {
  // ---- one or two roles ----
  residents: ["RESIDENT"],
  admin: ["ADMIN"],
  fireSupervisor: ["FIRE_SUPERVISOR"],
  installer: ["INSTALLER"],
  centreStaffOnly: ["CENTRE_STAFF"],
  townshipCoordinator: ["TOWNSHIP_COORDINATOR"],
  /** the county's fire supervisors and administrators: content, notices, major hazards, county reports */
  county: ["FIRE_SUPERVISOR", "ADMIN"],
  /** a property company's people */
  propertyCompany: ["PROPERTY_MANAGER", "PROPERTY_STAFF"],
  /** a property company's people and the administrators: installs, dispatch, the roster */
  propertyDesk: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"],
  /** residents and the property desk: binding a device, a home's people */
  residentsAndPropertyDesk: ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"],
  /**
   * who edits a device (PATCH /api/devices/:id): residents and the property desk, and a networked unit's people who
   * answer for its devices, who may only switch the mode of their unit's own (device-binding.ts)
   */
  deviceEditors: [
    "RESIDENT",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "ADMIN",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
  ],
  residentsAndPropertyManager: ["RESIDENT", "PROPERTY_MANAGER", "ADMIN"],
  propertyManagerAndAdmin: ["PROPERTY_MANAGER", "ADMIN"],
  /** the experience centres' staff (bookings) */
  experienceCentre: ["CENTRE_STAFF", "ADMIN"],
  /** the monitoring centre */
  monitoringCentre: ["CENTRE_OPERATOR", "ADMIN"],
  /** county set-up: places, staff accounts */
  countySetup: ["ADMIN", "PROGRAMME_OFFICE"],
  townshipAndAdmin: ["TOWNSHIP_COORDINATOR", "ADMIN"],
  /** who sets up townships, communities and buildings */
  placeSetup: ["ADMIN", "PROGRAMME_OFFICE", "TOWNSHIP_COORDINATOR"],

  // ---- residents' homes and alarms ----
  /** staff who see communities, homes and their devices */
  placeStaff: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "TOWNSHIP_COORDINATOR", "FIRE_SUPERVISOR", "ADMIN"],
  /** residents and the staff who see homes: everyone who sees a home's alarms and devices */
  residentsAndPlaceStaff: [
    "RESIDENT",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "TOWNSHIP_COORDINATOR",
    "FIRE_SUPERVISOR",
    "ADMIN",
  ],
  /** who may acknowledge and resolve a home's alarm */
  alarmHandlers: ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "FIRE_SUPERVISOR", "ADMIN"],
  /** the people the escalation policy, monthly reports and the alarm board answer to */
  countyAndPropertyManager: ["FIRE_SUPERVISOR", "ADMIN", "PROPERTY_MANAGER"],
  countyAndTownship: ["TOWNSHIP_COORDINATOR", "FIRE_SUPERVISOR", "ADMIN"],
  devicesBoard: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "FIRE_SUPERVISOR", "ADMIN"],
  deviceModelReaders: [
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "ADMIN",
    "INSTALLER",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
  ],
  importers: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "PROGRAMME_OFFICE", "ADMIN"],

  // ---- bookings ----
  bookers: ["RESIDENT", "TOWNSHIP_COORDINATOR", "ADMIN"],
  /** a booking's cancellers: who booked it, and the centre's staff */
  bookersAndCentreStaff: ["RESIDENT", "TOWNSHIP_COORDINATOR", "ADMIN", "CENTRE_STAFF"],
  /** the experience centres' figures */
  centreStaffAndCounty: ["CENTRE_STAFF", "FIRE_SUPERVISOR", "ADMIN"],
  bookingReaders: ["RESIDENT", "TOWNSHIP_COORDINATOR", "CENTRE_STAFF", "FIRE_SUPERVISOR", "ADMIN"],

  // ---- networked units ----
  /** a unit's own people */
  unitPeople: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  /**
   * who in a unit answers for its devices (not the control room's operators on shift): told each morning of those
   * left out of normal use (notifications/mode-reminders.ts), and who switch their mode on 消防设施
   */
  unitDeviceKeepers: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER"],
  /** who sees every unit of the county */
  countyUnitViewers: ["FIRE_SUPERVISOR", "CENTRE_OPERATOR", "PROGRAMME_OFFICE", "ADMIN"],
  /** everyone with a unit scope (unit-scope.ts) */
  unitViewers: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "SECTOR_REGULATOR",
    "MAINTENANCE_TECH",
    "INSTALLER",
    "TOWNSHIP_COORDINATOR",
    "FIRE_SUPERVISOR",
    "CENTRE_OPERATOR",
    "PROGRAMME_OFFICE",
    "ADMIN",
  ],
  unitRegistrars: ["ADMIN", "PROGRAMME_OFFICE", "FIRE_SUPERVISOR", "TOWNSHIP_COORDINATOR"],
  unitFileEditors: [
    "ADMIN",
    "PROGRAMME_OFFICE",
    "FIRE_SUPERVISOR",
    "TOWNSHIP_COORDINATOR",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
  ],
  /** who invites staff accounts */
  accountMakers: ["ADMIN", "PROGRAMME_OFFICE", "UNIT_RESPONSIBLE", "UNIT_MANAGER", "PROPERTY_MANAGER"],
  invitePages: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "PROGRAMME_OFFICE", "ADMIN"],
  /** the unit's maintenance company's technicians: the yearly facility test (年度消防设施检测) */
  maintenanceTech: ["MAINTENANCE_TECH"],
  /** who records a unit's monthly fire inspection (月度防火检查); with the above, whoever records any test */
  monthlyInspectors: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "MAINTENANCE_TECH"],

  // ---- monitoring centre ----
  /** who answers a fire's confirmation or a duty check in a unit's control room */
  dutyAnswerers: ["CONTROL_ROOM_OPERATOR", "UNIT_MANAGER", "UNIT_RESPONSIBLE"],
  fireConfirmers: [
    "CENTRE_OPERATOR",
    "CONTROL_ROOM_OPERATOR",
    "UNIT_MANAGER",
    "UNIT_RESPONSIBLE",
    "UNIT_SAFETY_OFFICER",
    "ADMIN",
  ],
  centreWatchers: [
    "CENTRE_OPERATOR",
    "CONTROL_ROOM_OPERATOR",
    "UNIT_MANAGER",
    "UNIT_RESPONSIBLE",
    "UNIT_SAFETY_OFFICER",
    "FIRE_SUPERVISOR",
    "ADMIN",
  ],
  centreRecordReaders: [
    "CENTRE_OPERATOR",
    "CONTROL_ROOM_OPERATOR",
    "UNIT_MANAGER",
    "UNIT_RESPONSIBLE",
    "UNIT_SAFETY_OFFICER",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "SECTOR_REGULATOR",
    "PROGRAMME_OFFICE",
  ],
  /** the command view: the county's cameras and incidents */
  commandView: ["CENTRE_OPERATOR", "FIRE_SUPERVISOR", "ADMIN"],

  // ---- facilities, panels, cameras ----
  sensorViewers: [
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "TOWNSHIP_COORDINATOR",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "CENTRE_OPERATOR",
    "SECTOR_REGULATOR",
    "MAINTENANCE_TECH",
  ],
  limitEditors: ["PROPERTY_MANAGER", "UNIT_MANAGER", "UNIT_RESPONSIBLE", "ADMIN"],
  panelViewers: [
    "FIRE_SUPERVISOR",
    "ADMIN",
    "CENTRE_OPERATOR",
    "CONTROL_ROOM_OPERATOR",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "MAINTENANCE_TECH",
    "INSTALLER",
  ],
  panelPages: [
    "FIRE_SUPERVISOR",
    "ADMIN",
    "CENTRE_OPERATOR",
    "CONTROL_ROOM_OPERATOR",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "MAINTENANCE_TECH",
  ],
  panelEditors: ["ADMIN", "UNIT_RESPONSIBLE", "UNIT_MANAGER", "MAINTENANCE_TECH", "INSTALLER"],
  /** who sees a site's facilities and cameras: its unit's people, its property company, the centre, the county */
  facilityViewers: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "CENTRE_OPERATOR",
    "FIRE_SUPERVISOR",
    "ADMIN",
  ],
  cameraManagers: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "PROPERTY_MANAGER", "CENTRE_OPERATOR", "ADMIN"],

  // ---- inspection and hazards ----
  patrollers: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
  ],
  hazardReporters: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
    "ADMIN",
  ],
  /** who reports, fixes and photographs hazards: the reporters and the property companies */
  hazardWorkers: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
  ],
  /** a unit's responsible person or manager, or the county */
  unitManagersAndCounty: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "FIRE_SUPERVISOR", "ADMIN"],
  hazardManagers: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "FIRE_SUPERVISOR", "ADMIN", "PROPERTY_MANAGER"],
  /** a unit's people who can be sent to fix a hazard */
  hazardAssignees: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
  ],
  /** the above, and a property company's people for the hazards residents report in their communities */
  hazardAssigneesAndProperty: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
  ],
  inspectionReaders: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "SECTOR_REGULATOR",
    "CENTRE_OPERATOR",
    "PROGRAMME_OFFICE",
    "TOWNSHIP_COORDINATOR",
  ],
  hazardReaders: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "SECTOR_REGULATOR",
    "CENTRE_OPERATOR",
    "PROGRAMME_OFFICE",
    "TOWNSHIP_COORDINATOR",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
  ],
  /** a hazard's photo: its readers and the resident who reported it */
  hazardReadersAndResidents: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "SECTOR_REGULATOR",
    "CENTRE_OPERATOR",
    "PROGRAMME_OFFICE",
    "TOWNSHIP_COORDINATOR",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "RESIDENT",
  ],
  /** the console's hazards page: the patrols page's people and the property companies (residents' reports) */
  hazardPages: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "SECTOR_REGULATOR",
    "CENTRE_OPERATOR",
    "FIRE_SUPERVISOR",
    "ADMIN",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
  ],
  /** the console's patrols page */
  inspectionPages: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "CONTROL_ROOM_OPERATOR",
    "MAINTENANCE_TECH",
    "SECTOR_REGULATOR",
    "CENTRE_OPERATOR",
    "FIRE_SUPERVISOR",
    "ADMIN",
  ],

  // ---- roll-out programme and dispatch ----
  /** the programme's editors: phases, pilots, the dispatch record */
  programmeEditors: ["FIRE_SUPERVISOR", "ADMIN", "PROGRAMME_OFFICE"],
  stageEditors: ["FIRE_SUPERVISOR", "ADMIN", "PROGRAMME_OFFICE", "TOWNSHIP_COORDINATOR", "INSTALLER"],
  /** the owner's side of three-party acceptance */
  acceptanceConfirmers: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "PROPERTY_MANAGER"],
  programmeViewers: [
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "UNIT_SAFETY_OFFICER",
    "SECTOR_REGULATOR",
    "INSTALLER",
    "TOWNSHIP_COORDINATOR",
    "PROPERTY_MANAGER",
    "PROPERTY_STAFF",
    "FIRE_SUPERVISOR",
    "CENTRE_OPERATOR",
    "PROGRAMME_OFFICE",
    "ADMIN",
  ],
  dispatchViewers: ["FIRE_SUPERVISOR", "ADMIN", "PROGRAMME_OFFICE", "TOWNSHIP_COORDINATOR", "SECTOR_REGULATOR"],
  rolloutPages: [
    "FIRE_SUPERVISOR",
    "ADMIN",
    "PROGRAMME_OFFICE",
    "TOWNSHIP_COORDINATOR",
    "SECTOR_REGULATOR",
    "INSTALLER",
  ],
  acceptancePages: [
    "FIRE_SUPERVISOR",
    "ADMIN",
    "PROGRAMME_OFFICE",
    "TOWNSHIP_COORDINATOR",
    "SECTOR_REGULATOR",
    "INSTALLER",
    "UNIT_RESPONSIBLE",
    "UNIT_MANAGER",
    "PROPERTY_MANAGER",
  ],
} as const satisfies Record<string, readonly RoleName[]>;

export type RoleSetName = keyof typeof ROLE_SETS;

/**
 * Which of a unit's roles each role may invite into a unit's team (county-setup/staff-rules.ts mayCreate
 * decides; the console's invitation form offers these): the responsible person names the manager, safety
 * officers and control-room operators, the manager the last two; the programme office and admins any.
 */
export const UNIT_TEAM_INVITES = {
  UNIT_RESPONSIBLE: ["UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  UNIT_MANAGER: ["UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  PROGRAMME_OFFICE: ROLE_SETS.unitPeople,
  ADMIN: ROLE_SETS.unitPeople,
} as const satisfies Partial<Record<RoleName, readonly StaffRoleName[]>>;

/** The unit roles a role may invite (none for a role not in the table). */
export function invitableRoles(role: string): readonly StaffRoleName[] {
  return (UNIT_TEAM_INVITES as Partial<Record<string, readonly StaffRoleName[]>>)[role] ?? [];
}

/** Whether a role is in a set (a string from a token or a session is checked as it comes). */
export function inRoleSet(set: readonly RoleName[], role: string): boolean {
  return (set as readonly string[]).includes(role);
}

/**
 * Whether a role may switch the mode of a device of `kind` (PATCH /api/devices/:id; 消防设施 shows the switch only
 * where it may), as far as the kind goes: a unit's people who answer for its devices (unitDeviceKeepers) never a
 * transmission device's (UITD): out of normal use it would silence every fire its panel reports, so its mode is the
 * monitoring centre's administrator's. Whether the role may switch at all, and which devices, the API decides
 * (devices/device-binding.ts); this is the one place the rule about the kind is written.
 */
export function maySwitchModeOfKind(role: string, kind: string): boolean {
  return !(inRoleSet(ROLE_SETS.unitDeviceKeepers, role) && kind === "UITD");
}
