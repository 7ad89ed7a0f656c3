// The services the transports call, built once in the composition root (main.ts / app-context.ts).
import type { Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import type { AuthService } from "./modules/auth/auth-service.ts";
import type { TokenService } from "./modules/auth/token-service.ts";
import type { ScopeService } from "./modules/places/scope.ts";
import type { PlaceService } from "./modules/places/place-service.ts";
import type { HouseholdService } from "./modules/households/household-service.ts";
import type { Bookings } from "./modules/bookings/index.ts";
import type { Metrics } from "./shared/metrics.ts";
import type { DeviceDirectory } from "./modules/devices/device-directory.ts";
import type { DeviceService } from "./modules/devices/device-service.ts";
import type { IngestPipeline } from "./modules/devices/ingest-pipeline.ts";
import type { EventProcessor } from "./modules/devices/event-processor.ts";
import type { OfflineSweeper } from "./modules/devices/offline-sweeper.ts";
import type { AlarmService } from "./modules/alarms/alarm-service.ts";
import type { DispatchService } from "./modules/alarms/dispatch-service.ts";
import type { AlarmPhotoService } from "./modules/alarms/alarm-photos.ts";
import type { RosterService } from "./modules/roster/roster-service.ts";
import type { EducationService } from "./modules/education/education-service.ts";
import type { Notifications } from "./modules/notifications/index.ts";
import type { ReportService } from "./modules/reports/index.ts";
import type { AuditLog } from "./modules/audit/audit-log.ts";
import type { Panels } from "./modules/panels/index.ts";
import type { Units } from "./modules/units/index.ts";
import type { CountySetup } from "./modules/county-setup/index.ts";
import type { Sensors } from "./modules/sensors/compose.ts";
import type { Carriers } from "./transport/carriers/receiver/index.ts";
import type { Centre } from "./modules/centre/index.ts";
import type { Inspection } from "./modules/inspection/index.ts";
import type { ModeReminders } from "./modules/notifications/mode-reminders.ts";
import type { Rollout } from "./modules/rollout/index.ts";
import type { Cameras } from "./camera-context.ts";
import type { RolloutDispatch } from "./modules/dispatch/index.ts";

/**
 * A named readiness check for /ready: the database, the broker, the notification providers. A failing check
 * makes the instance not ready (503); a failing advisory one (a provider) makes it "degraded", with why.
 * A check may answer a word for the report ("idle", "not configured"); nothing means "ok".
 */
export interface ReadinessCheck {
  name: string;
  advisory?: boolean;
  check(): Promise<void | string>;
}

/**
 * What a transport may call. The database is not in it: transports and the portal reach data only through
 * services; the composition root (scripts/app.ts) keeps the handle and hands it to what needs it (the seed).
 */
export interface Services {
  clock: Clock;
  log: Logger;
  readiness: ReadinessCheck[];
  tokens: TokenService;
  auth: AuthService;
  scopes: ScopeService;
  places: PlaceService;
  households: HouseholdService;
  audit: AuditLog;
  bookings: Bookings;
  metrics: Metrics;
  deviceDirectory: DeviceDirectory;
  devices: DeviceService;
  ingest: IngestPipeline;
  eventProcessor: EventProcessor;
  offlineSweeper: OfflineSweeper;
  alarms: AlarmService;
  dispatch: DispatchService;
  alarmPhotos: AlarmPhotoService;
  roster: RosterService;
  education: EducationService;
  notifications: Notifications;
  reports: ReportService;
  panels: Panels;
  /** networked units (issue 14): the register, scopes, documents */
  units: Units;
  /** setting up a county without code: places, companies, staff invitations, xlsx imports */
  countySetup: CountySetup;
  sensors: Sensors;
  carriers: Carriers;
  centre: Centre;
  inspection: Inspection;
  /** the roll-out programme and three-party acceptance (issue 19 part A) */
  rollout: Rollout;
  /** cameras (issue 23): the register, snapshots, live view, alarm snapshots, recognition */
  cameras: Cameras;
  /** the roll-out's monthly dispatch, daily coverage record, talks, commendations, unit scores (issue 19) */
  rolloutDispatch: RolloutDispatch;
  /** the daily reminder of devices left in installation or maintenance mode over a day (notifications/mode-reminders.ts) */
  modeReminders: ModeReminders;
}
