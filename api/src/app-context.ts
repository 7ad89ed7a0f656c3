// Composition root: config -> database -> services. Transports (HTTP, MQTT) are started by main.ts.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Db } from "./db/client.ts";
import type { Config } from "./shared/config.ts";
import { systemClock, type Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import { WechatApi } from "./integrations/wechat/wechat-api.ts";
import { TokenService } from "./modules/auth/token-service.ts";
import { AuthService } from "./modules/auth/auth-service.ts";
import { ScopeService } from "./modules/places/scope.ts";
import { PlaceService } from "./modules/places/place-service.ts";
import { HouseholdService } from "./modules/households/household-service.ts";
import { homeListQuery } from "./modules/households/home-list-query.ts";
import { createBookings } from "./modules/bookings/index.ts";
import { EducationService } from "./modules/education/education-service.ts";
import { EducationRepository } from "./modules/education/education-repository.ts";
import { MediaStore } from "./modules/education/media-store.ts";
import type { Services } from "./services.ts";
import { Metrics } from "./shared/metrics.ts";
import { DeviceDirectory } from "./modules/devices/device-directory.ts";
import { putInService } from "./modules/devices/device-service-mode.ts";
import { DeviceService } from "./modules/devices/device-service.ts";
import { IngestPipeline } from "./modules/devices/ingest-pipeline.ts";
import { createEventStore } from "./modules/devices/ingest-store.ts";
import { createStatusStore } from "./modules/devices/status-store.ts";
import { EventProcessor } from "./modules/devices/event-processor.ts";
import { OfflineSweeper } from "./modules/devices/offline-sweeper.ts";
import { ModeReminders } from "./modules/notifications/mode-reminders.ts";
import { ModeSwitchNotices } from "./modules/notifications/mode-switch-notices.ts";
import { TimerRepository } from "./modules/notifications/timer-repository.ts";
import { AlarmService } from "./modules/alarms/alarm-service.ts";
import { DispatchService } from "./modules/alarms/dispatch-service.ts";
import { AlarmPhotoService } from "./modules/alarms/alarm-photos.ts";
import { RosterService } from "./modules/roster/roster-service.ts";
import { createNotifications } from "./modules/notifications/index.ts";
import { createReports } from "./modules/reports/index.ts";
import { AuditLog } from "./modules/audit/audit-log.ts";
import { createPanels, prismaUitdRegistry, PANEL_SOURCE } from "./modules/panels/index.ts";
import { gb26875Catalog } from "./transport/gb26875/gateway/index.ts";
import { createUnits } from "./modules/units/index.ts";
import { createCountySetup } from "./modules/county-setup/index.ts";
import { hashPassword } from "./modules/auth/passwords.ts";
import { createSensors } from "./modules/sensors/compose.ts";
import { createCarriers } from "./transport/carriers/receiver/index.ts";
import { createCentre } from "./modules/centre/index.ts";
import { createInspection } from "./modules/inspection/index.ts";
import { countStageMismatches, createRollout } from "./modules/rollout/index.ts";
import { createCameras, type Cameras } from "./camera-context.ts";
import { createRolloutDispatch } from "./modules/dispatch/index.ts";

export interface ContextDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
  db: Db;
}

export function createServices(deps: ContextDeps): Services {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const { db } = deps; // opened by the caller (startApi): openDb is async, it loads one Prisma client
  const secret = config.JWT_SECRET ?? randomBytes(32).toString("hex");
  const tokens = new TokenService(db.prisma, secret, clock, {
    accessSec: config.ACCESS_TOKEN_TTL_SEC,
    refreshSec: config.REFRESH_TOKEN_TTL_SEC,
  });
  const wechat =
    config.WECHAT_APP_ID && config.WECHAT_APP_SECRET && config.WECHAT_API_BASE
      ? new WechatApi({
          baseUrl: config.WECHAT_API_BASE,
          appId: config.WECHAT_APP_ID,
          appSecret: config.WECHAT_APP_SECRET,
          clock,
        })
      : null;
  const scopes = new ScopeService(db.prisma);
  const metrics = new Metrics({ defaults: config.NODE_ENV !== "test" });
  const deviceDirectory = new DeviceDirectory(db.prisma, clock);
  const alarms = new AlarmService(db.prisma, scopes, clock, db.driver); // SQLite: a raise as prepared statements
  const eventStore = createEventStore(db.driver);
  const statusStore = createStatusStore(db.driver);
  const eventProcessor = new EventProcessor(db.prisma, eventStore, alarms, deviceDirectory, metrics, clock, log);
  // notifications follow from alarm changes (created/acknowledged/resolved), never from raw device messages
  const audit = new AuditLog(db.prisma, clock);
  const notifications = createNotifications({
    prisma: db.prisma,
    driver: db.driver, // a fire's first step: its reads and claimed writes as prepared statements
    scopes,
    config,
    clock,
    log,
    wechat,
    audit,
    metrics,
    unreached: {
      raise: (fire, step, note) => alarms.raiseUnreached(fire, step, note),
      clear: (deviceId, fireId) => alarms.clearUnreached(deviceId, fireId),
    },
  });
  metrics.watchReceipts(notifications.receipts.counts);
  alarms.onChange(notifications.escalation.onAlarmChange);
  const centre = createCentre({
    prisma: db.prisma,
    clock,
    log,
    live: notifications.live,
    alarms, // a verdict of no fire closes its alarm through the engine: its listeners hear it at once
    owner: notifications.owner,
    kickOutbox: () => notifications.outbox.onQueued?.(),
    // a unit fire's messages are written already claimed and sent at once, as the escalation's are
    dispatch: (rows) => notifications.outbox.dispatch(rows, "ACTIVE"),
    sendLockMs: notifications.outbox.lockMs,
    driver: db.driver,
    baseUrl: config.PUBLIC_BASE_URL,
    alert119: {
      url: config.ALERT_119_URL ?? null,
      withdrawUrl: config.ALERT_119_WITHDRAW_URL ?? null,
      secret: config.ALERT_119_SECRET ?? null,
      dutyPhone: config.ALERT_119_DUTY_PHONE ?? null,
    },
    linkSecret: secret,
    // the cameras nearest the alarm with their snapshot and live links (cameras is built below; called later)
    cameras: (alarmId, baseUrl) => cameras.service.factsFor(alarmId, baseUrl),
    // the nearest hydrants with their pressure, for the 119 hand-off (sensors is built below; called later)
    hydrants: async (at) =>
      (
        await sensors.queries.nearestHydrants(
          { kind: "staff", id: "system:centre", role: "ADMIN", propertyCompanyId: null, townshipId: null },
          at,
          { limit: 5 },
        )
      ).map((h) => ({
        id: h.id,
        name: h.name,
        latitude: h.latitude,
        longitude: h.longitude,
        distanceM: h.distanceM,
        pressureMpa: h.pressure,
      })),
  });
  alarms.onChange(centre.service.onAlarmChange); // unit fire signals: the control room's countdown (issue 17)
  // closing a unit's fire signal on the live board records its verdict, as 火警确认 does (119 told when no fire)
  alarms.closeUnitFiresThrough((p, id, verdict, cause) => centre.service.confirm(p, id, verdict, cause));
  // any alarm in a place with cameras gets snapshots of the nearest ones (issue 23), without holding it up
  const cameras: Cameras = createCameras({ prisma: db.prisma, config, clock, log, scopes, alarms });
  alarms.onChange(cameras.service.onAlarmChange);
  const watches = cameras.watches;
  if (watches)
    metrics.watchCameras(() => watches.ids().map((camera) => ({ camera, frames: watches.stats(camera)?.frames ?? 0 })));
  const households = new HouseholdService(db.prisma, scopes, clock, audit, homeListQuery(db.driver));
  households.onChange(notifications.notices.onHouseholdChange);
  const bookings = createBookings({ prisma: db.prisma, clock, ticketSecret: config.TICKET_SECRET ?? secret });
  // user information transmission devices (GB/T 26875.3): their frames go through the same event store
  const panels = createPanels({
    prisma: db.prisma,
    driver: db.driver,
    clock,
    catalog: gb26875Catalog,
    devices: prismaUitdRegistry(db.prisma),
    // every connected device's mapping stays in memory: fewer would reload mappings on every frame
    intake: { maxDevices: config.GB26875_MAX_CONNECTIONS },
    ingest: {
      store: eventStore,
      status: statusStore,
      alarms,
      log,
      metrics,
      routinePerTurn: config.INGEST_ROUTINE_PER_TURN,
      // 查岗应答 pressed on a transmission device answers the centre's duty check (issue 17)
      dutyReplied: async (unitId, at, deviceId) => void (await centre.dutyChecks.answerFromPanel(unitId, at, deviceId)),
    },
  });
  eventProcessor.handleSource(PANEL_SOURCE, panels.ingest!.recover);
  // a duty check reaches the unit's transmission devices as type 91 on whichever instance's gateway holds
  // their connections: a pending command row each gateway claims for the devices connected to it
  centre.dutyChecks.panel = {
    send: async (unitId, timeoutMinutes) => {
      const ids = await db.prisma.device.findMany({
        where: { unitId, transport: "gb26875" },
        select: { id: true },
        orderBy: { id: "asc" },
        take: 50,
      });
      const rows = await panels.commands.enqueue(
        ids.map((d) => d.id),
        "gb26875.duty_check",
        { timeoutMinutes },
        `dutycheck:${unitId}`,
      );
      return rows.length;
    },
  };
  const ingest = new IngestPipeline(eventStore, deviceDirectory, eventProcessor.apply, metrics, clock, log, {
    deviceRate: { capacity: config.DEVICE_MSG_BURST, perMinute: config.DEVICE_MSG_PER_MIN },
    routinePerTurn: config.INGEST_ROUTINE_PER_TURN,
    early: eventProcessor.early,
  });
  const units = createUnits({ prisma: db.prisma, clock, documentsDir: path.join(config.DATA_DIR, "unit-documents") });
  const countySetup = createCountySetup({
    db,
    scopes: units.scopes,
    clock,
    staff: { hashPassword, sessionsRevoked: () => tokens.forgetSessions(), audit },
  });
  // a unit's people taking one of their devices out of normal use (or back) is told to the monitoring centre: the
  // devices module calls the port, the notifications slice words and queues the notice
  const modeSwitchNotices = new ModeSwitchNotices({
    prisma: db.prisma,
    notices: notifications.notices,
    baseUrl: config.PUBLIC_BASE_URL,
  });
  const devices = new DeviceService(
    db.prisma,
    scopes,
    units.scopes,
    deviceDirectory,
    clock,
    config.PUBLIC_BASE_URL,
    log,
    modeSwitchNotices.told,
  );
  const sensors = createSensors({
    db,
    scopes,
    unitScopes: units.scopes,
    alarms,
    eventProcessor,
    clock,
    log,
    downlink: () => devices.downlink,
  });
  // the daily reminder of devices left out of normal use (its timers and notices are the notifications slice's;
  // started by the main process with the other timers, scripts/app.ts)
  const modeReminders = new ModeReminders({
    prisma: db.prisma,
    timers: new TimerRepository(db.prisma, db.driver),
    notices: notifications.notices,
    clock,
    log,
    owner: notifications.owner,
    baseUrl: config.PUBLIC_BASE_URL,
  });
  return {
    clock,
    log,
    readiness: [
      { name: "database", check: () => db.ping() },
      // advisory: a provider failing leaves the instance serving, /ready says "degraded" and why
      ...notifications.health.all().map((h) => ({
        name: h.channel.toLowerCase(),
        advisory: true,
        check: async () => {
          const now = notifications.health.of(h.channel);
          if (now.state === "degraded") throw new Error(now.detail);
          return now.state;
        },
      })),
    ],
    tokens,
    auth: new AuthService(db.prisma, tokens, wechat, clock, {
      maxFailedLogins: config.STAFF_MAX_FAILED_LOGINS,
      lockoutSec: config.STAFF_LOCKOUT_SEC,
      onAttempt: (outcome) => metrics.staffLogins.inc({ outcome }),
    }),
    scopes,
    places: new PlaceService(db.prisma, scopes),
    households,
    audit,
    bookings,
    metrics,
    deviceDirectory,
    devices,
    sensors,
    carriers: createCarriers({ prisma: db.prisma, ingest, config, metrics, clock, log }),
    ingest,
    eventProcessor,
    offlineSweeper: new OfflineSweeper(db.prisma, statusStore, alarms, clock, log),
    alarms,
    dispatch: new DispatchService(db.prisma, alarms, notifications, clock),
    alarmPhotos: new AlarmPhotoService(db.prisma, alarms, path.join(config.DATA_DIR, "alarm-photos"), clock),
    roster: new RosterService(db.prisma, clock),
    education: new EducationService(
      new EducationRepository(db.prisma),
      new MediaStore(path.join(config.DATA_DIR, "education")),
      clock,
    ),
    notifications,
    modeReminders,
    panels,
    reports: createReports({
      prisma: db.prisma,
      scopes,
      bookingStats: bookings.stats,
      clock,
      engine: db.provider,
      countyCacheMs: config.REPORTS_CACHE_MS,
    }),
    units,
    countySetup,
    centre,
    cameras,
    inspection: createInspection({
      prisma: db.prisma,
      clock,
      log,
      notices: notifications.notices,
      tagSecret: config.TICKET_SECRET ?? secret,
      photoDir: path.join(config.DATA_DIR, "inspection-photos"),
      owner: notifications.owner,
      documents: units.documents,
    }),
    rollout: createRollout({
      prisma: db.prisma,
      clock,
      unitScopes: units.scopes,
      photoDir: path.join(config.DATA_DIR, "rollout-photos"),
      // an installation that passed its checks is put in service, the ingest path's cache told
      putInService: (ids) => putInService(db.prisma, deviceDirectory, ids, clock),
    }),
    rolloutDispatch: createRolloutDispatch({
      prisma: db.prisma,
      scopes: units.scopes,
      clock,
      log,
      // the dispatch states how many stages their devices contradict, by the roll-out's own rule
      stageMismatches: (scope, now) => countStageMismatches(db.prisma, scope, now),
    }),
  };
}
