// The sensor module's composition (issue 15 phase 2): built by the composition root with one call. It plugs
// the facility intake into the event processor, linkage into the alarm service, and runs reading retention and
// linkage's sweep.
import type { Db, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import { Loop, settleAll } from "../../shared/loop.ts";
import type { AlarmService } from "../alarms/alarm-service.ts";
import type { Principal } from "../auth/principal.ts";
import type { DownlinkPort } from "../devices/device-commands.ts";
import { lookUpUnitDevice } from "../devices/device-deps.ts";
import type { EventProcessor } from "../devices/event-processor.ts";
import type { ScopeService } from "../places/scope.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import { FacilityIntake } from "./facility-intake.ts";
import { LinkageSender } from "./linkage-sender.ts";
import { LinkageService } from "./linkage-service.ts";
import { createReadingQueries } from "./reading-queries.ts";
import { createReadingStore, type ReadingStore } from "./reading-store.ts";
import { sqliteRunApplier } from "./reading-apply.ts";
import { SensorQueries } from "./sensor-queries.ts";
import { SensorRepository } from "./sensor-repository.ts";
import { SensorService, type SensorAccess } from "./sensor-service.ts";

/**
 * Scope for sensor reads: a device in a unit is seen by whoever sees the unit (unit scope); any other device
 * by whoever sees its household or community. Anything else is "not found".
 */
export class SensorScopeAccess implements SensorAccess {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
    private readonly units: Pick<UnitScopes, "assertUnit">,
  ) {}

  async device(p: Principal, deviceId: string): Promise<void> {
    const read =
      deviceId.length <= 64
        ? this.prisma.device.findUnique({
            where: { id: deviceId },
            select: { unitId: true, householdId: true, communityId: true },
          })
        : Promise.resolve(null);
    // a unit's device: the unit scope's (the same look-up as the registry's, devices/device-deps.ts)
    const d = await lookUpUnitDevice(this.units, p, read);
    if (d.unitId) return;
    if (!this.scopes.covers(await this.scopes.of(p), d)) throw new AppError("NOT_FOUND", "找不到该设备");
  }

  async unit(p: Principal, unitId: string): Promise<void> {
    await this.units.assertUnit(p, unitId);
  }

  async community(p: Principal, communityId: string): Promise<void> {
    await this.scopes.assertCommunity(p, communityId);
  }
}

export interface SensorDeps {
  db: Db;
  scopes: ScopeService;
  /** the networked units' scopes (the composition root's, units.scopes) */
  unitScopes: Pick<UnitScopes, "assertUnit" | "where">;
  alarms: AlarmService;
  eventProcessor: EventProcessor;
  clock: Clock;
  log: Logger;
  /** the device transport's downlink (set on DeviceService once the transport started) */
  downlink: () => DownlinkPort | null;
}

export interface FacilityPlace {
  kind: "community" | "unit";
  id: string;
  name: string;
}

export interface Sensors {
  /** the communities and networked units whose facilities the caller sees (at most 500 of each) */
  places(p: Principal): Promise<FacilityPlace[]>;
  service: SensorService;
  queries: SensorQueries;
  intake: FacilityIntake;
  store: ReadingStore;
  /** runs retention now and then every `everyMs` (default 6 h); returns the stop function */
  startRetention(everyMs?: number): () => void;
  /** sweeps for linkage left undone every `pollMs` (default 5 s) from now on (linkage-sender.ts) */
  startLinkageSweep(pollMs?: number): void;
  /** waits until the linkage queued so far and the linkage the sweep finds due are done; how many the sweep ran */
  settle(): Promise<number>;
  /** stops the sweep and waits for linkage under way */
  close(): Promise<void>;
}

const RETENTION_EVERY_MS = 6 * 3_600_000;
const LINKAGE_SWEEP_EVERY_MS = 5_000;

export function createSensors(deps: SensorDeps): Sensors {
  const { db, clock, log } = deps;
  const repo = new SensorRepository(db.prisma);
  const store = createReadingStore(db.driver);
  const { unitScopes } = deps;
  const access = new SensorScopeAccess(db.prisma, deps.scopes, unitScopes);
  const service = new SensorService(repo, store, access, clock);
  const queries = new SensorQueries(repo, createReadingQueries(db.driver), access, clock);
  // on SQLite a run of messages is applied in one transaction of prepared statements (reading-apply.ts)
  const runApplier =
    db.driver.provider === "sqlite" ? { apply: sqliteRunApplier(db.driver.sqlite), now: () => clock.now() } : null;
  const intake = new FacilityIntake(service, repo, deps.alarms, log, runApplier);
  deps.eventProcessor.facility = intake;
  const linkage = new LinkageSender(db.prisma, new LinkageService(repo), service, deps.downlink, clock, log);
  deps.alarms.onChange(linkage.onAlarmChange);
  const linkageSweep = new Loop("linkage", linkage.sweep, log);
  return {
    async places(p) {
      const [communities, units] = await Promise.all([
        db.prisma.community.findMany({
          where: deps.scopes.communityWhere(await deps.scopes.of(p)),
          select: { id: true, name: true },
          orderBy: { name: "asc" },
          take: 500,
        }),
        db.prisma.networkedUnit.findMany({
          where: await unitScopes.where(p),
          select: { id: true, name: true },
          orderBy: { name: "asc" },
          take: 500,
        }),
      ]);
      return [
        ...communities.map((c) => ({ kind: "community" as const, ...c })),
        ...units.map((u) => ({ kind: "unit" as const, ...u })),
      ];
    },
    service,
    queries,
    intake,
    store,
    startLinkageSweep(pollMs = LINKAGE_SWEEP_EVERY_MS) {
      linkageSweep.start(pollMs);
    },
    settle: () => settleAll([linkageSweep], [linkage.inflight]),
    async close() {
      await linkageSweep.stop();
      await linkage.inflight.idle();
    },
    startRetention(everyMs = RETENTION_EVERY_MS) {
      const run = () =>
        store.runRetention(clock.now()).then(
          (r) => {
            if (r.partitionsDropped.length || r.rawDeleted || r.hourlyDeleted)
              log.info(
                { dropped: r.partitionsDropped, rawDeleted: r.rawDeleted, hourlyDeleted: r.hourlyDeleted },
                "sensor readings past retention removed",
              );
          },
          (e: Error) => log.error({ err: e }, "sensor reading retention failed"),
        );
      void run();
      const timer = setInterval(() => void run(), everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
