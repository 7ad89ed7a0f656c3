// The monitoring centre (issue 17) as the rest of the API sees it: unit fire alarm handling and the 119
// hand-off, duty checks, per-unit records and the incident page's facts. Built once in the composition
// root; start() runs its timer loop (countdowns, hand-off attempts and checks, withdrawal notices, duty checks),
// close() stops it.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Driver, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { LiveFeed } from "../notifications/live-feed.ts";
import { Loop, settleAll } from "../../shared/loop.ts";
import { OutboxRepository, type ClaimedNotification } from "../notifications/outbox-repository.ts";
import { TimerRepository } from "../notifications/timer-repository.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { CentreService } from "./centre-service.ts";
import { DutyChecks, type DutyCheckOptions } from "./duty-checks.ts";
import { Handoff, type HandoffOptions } from "./handoff.ts";
import { Withdrawal } from "./withdrawal.ts";
import { prismaFactsReader, sqlFactsReader } from "./facts-reader.ts";
import { incidentFacts, type CameraFinder, type HydrantFinder, type IncidentFacts } from "./incident-facts.ts";
import { CentreRecords } from "./records.ts";
import { CommandView } from "./command-view.ts";
import type { ProviderFetch } from "../../shared/provider-http.ts";
import type { VerdictCloser } from "../alarms/alarm-service.ts";

export { CentreService, VERDICT_LABEL, type BoardAlarm } from "./centre-service.ts";
export { DutyChecks, DUTY_STATUS_LABEL, type DutyCheckView } from "./duty-checks.ts";
export { Handoff } from "./handoff.ts";
export {
  Withdrawal,
  withdrawalUrl,
  withdrawalIdempotencyKey,
  WITHDRAWAL_TEMPLATE,
  type WithdrawalPayload,
} from "./withdrawal.ts";
export { CommandView, UNIT_STATE_LABEL, type AlarmFile, type MapUnit, type UnitState } from "./command-view.ts";
export { CentreRecords, FALSE_ALARMS_PER_DAY_FLAG, type UnitFigures } from "./records.ts";
export {
  UNIT_FIRE_KINDS,
  type CameraFact,
  type CameraFinder,
  type HandoffPayload,
  type HydrantFinder,
  type IncidentFacts,
} from "./incident-facts.ts";
export {
  signHandoff,
  verifyHandoff,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  REPLAY_WINDOW_SEC,
} from "./handoff-signature.ts";

export interface CentreDeps {
  prisma: Prisma;
  clock: Clock;
  log: Logger;
  live: LiveFeed;
  /** the alarm engine: a verdict of no fire closes its alarm through it, so its listeners hear the close at once */
  alarms: VerdictCloser;
  /** this instance's name in timer locks (the notifications slice's owner) */
  owner: string;
  /** runs the outbox's send loop soon (rows the centre queued) */
  kickOutbox: () => void;
  /**
   * Sends rows stored already claimed by this instance (OutboxWorker.dispatch): a unit fire's first messages
   * leave as each row is written, without a round of the send loop's claims; absent: queued for the loop.
   */
  dispatch?: (rows: ClaimedNotification[]) => void;
  /** how long a claimed row stays this instance's (the outbox worker's lock) */
  sendLockMs?: number;
  /** the engine's driver: on SQLite the claimed rows are written with a prepared statement */
  driver?: Driver;
  baseUrl: string;
  /**
   * the 119 centre: the hand-off's endpoint, the withdrawal notices' (null: <url>/withdrawals), the shared
   * secret, its duty desk's phone
   */
  alert119: { url: string | null; withdrawUrl?: string | null; secret: string | null; dutyPhone: string | null };
  /** signs the incident page's links (the 119 centre opens them without an account); generated if absent */
  linkSecret?: string;
  hydrants?: HydrantFinder | null;
  /** the cameras nearest an alarm, with snapshot and live links (issue 23) */
  cameras?: CameraFinder | null;
  handoff?: Partial<Omit<HandoffOptions, "url" | "secret" | "dutyPhone">>;
  dutyChecks?: Partial<DutyCheckOptions>;
  pollMs?: number;
  fetch?: ProviderFetch;
}

export interface Centre {
  service: CentreService;
  handoff: Handoff;
  withdrawal: Withdrawal;
  dutyChecks: DutyChecks;
  records: CentreRecords;
  view: CommandView;
  facts(alarmId: string): Promise<IncidentFacts | null>;
  /** the incident page's facts for a signed link; null when the link is not valid */
  incident(alarmId: string, token: string): Promise<IncidentFacts | null>;
  start(): Promise<void>;
  /** runs due timers until none are left, and waits for work in flight (tests with a ManualClock) */
  settle(): Promise<number>;
  close(): Promise<void>;
}

export function createCentre(d: CentreDeps): Centre {
  const timers = new TimerRepository(d.prisma, d.driver); // SQLite: the countdown's timer as a prepared insert
  const outbox = new OutboxRepository(d.prisma, d.driver);
  const scopes = new UnitScopes(d.prisma);
  // a key of its own for the incident links, derived from the one given (the API's signing secret)
  const linkKey = createHmac("sha256", d.linkSecret ?? randomBytes(32).toString("hex"))
    .update("anxin-centre-incident-links")
    .digest();
  const token = (alarmId: string) =>
    createHmac("sha256", linkKey).update(`incident:${alarmId}`).digest("base64url").slice(0, 32);
  const incidentUrl = (alarmId: string) =>
    `${d.baseUrl}/api/centre/incidents/${encodeURIComponent(alarmId)}?token=${token(alarmId)}`;
  // the facts' rows: prepared statements on the engine's driver when given, else Prisma (facts-reader.ts)
  const reader = d.driver ? sqlFactsReader(d.driver, d.prisma) : prismaFactsReader(d.prisma);
  const facts = (alarmId: string) =>
    incidentFacts(reader, alarmId, {
      baseUrl: d.baseUrl,
      incidentUrl,
      hydrants: d.hydrants ?? null,
      cameras: d.cameras ?? null,
    });
  // what a message says needs neither the hydrants nor the cameras (the 119 hand-off does): not read for it
  const messageFacts = (alarmId: string) =>
    incidentFacts(reader, alarmId, { baseUrl: d.baseUrl, incidentUrl, hydrants: null, cameras: null });
  const { withdrawUrl = null, ...alert119 } = d.alert119;
  // eslint-disable-next-line prefer-const -- the hand-off, the withdrawal and the service refer to each other
  let service: CentreService;
  const withdrawal = new Withdrawal(
    {
      prisma: d.prisma,
      timers,
      clock: d.clock,
      log: d.log,
      owner: d.owner,
      facts: messageFacts,
      queue: (alarmId, scope, content, groups) => service.queue(alarmId, scope, content, groups),
      action: (alarmId, action, note, key) => service.action(alarmId, action, note, key),
      ...(d.fetch ? { fetch: d.fetch } : {}),
    },
    { ...d.handoff, ...alert119, withdrawUrl },
  );
  const handoff = new Handoff(
    {
      prisma: d.prisma,
      timers,
      clock: d.clock,
      log: d.log,
      owner: d.owner,
      facts,
      queue: (alarmId, scope, content, groups) => service.queue(alarmId, scope, content, groups),
      action: (alarmId, action, note, key) => service.action(alarmId, action, note, key),
      onAttempt: (alarmId, attempt, acknowledged) =>
        d.live.publish({
          type: "alarm",
          communityId: null,
          alarmId,
          at: d.clock.now().toISOString(),
          data: { centre: true, handoff: { attempt, acknowledged } },
        }),
      onSentAfterVerdict: (alarmId) => withdrawal.start(alarmId),
      ...(d.fetch ? { fetch: d.fetch } : {}),
    },
    { ...d.handoff, ...alert119 },
  );
  service = new CentreService({
    prisma: d.prisma,
    reader,
    timers,
    outbox,
    scopes,
    live: d.live,
    clock: d.clock,
    log: d.log,
    owner: d.owner,
    handoff,
    withdrawal,
    alarms: d.alarms,
    facts: messageFacts,
    kickOutbox: d.kickOutbox,
    ...(d.dispatch ? { dispatch: d.dispatch, sendLockMs: d.sendLockMs ?? 30_000 } : {}),
  });
  const dutyChecks = new DutyChecks(
    { prisma: d.prisma, timers, outbox, scopes, clock: d.clock, log: d.log, owner: d.owner, kickOutbox: d.kickOutbox },
    d.dutyChecks,
  );
  const body = async () =>
    (await service.runDueTimers()) +
    (await handoff.runDueTimers()) +
    (await withdrawal.runDueTimers()) +
    (await dutyChecks.runDueTimers());
  const loop = new Loop("centre", body, d.log);
  return {
    service,
    handoff,
    withdrawal,
    dutyChecks,
    records: new CentreRecords(d.prisma, scopes),
    view: new CommandView(d.prisma, scopes, facts),
    facts,
    async incident(alarmId, t) {
      const want = Buffer.from(token(alarmId));
      const got = Buffer.from(t);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
      return facts(alarmId);
    },
    async start() {
      await dutyChecks.ensurePlanned();
      loop.start(d.pollMs ?? 1000);
    },
    settle: () => settleAll([loop], [service.inflight, handoff.inflight, withdrawal.inflight]),
    async close() {
      await handoff.inflight.idle();
      await withdrawal.inflight.idle();
      await loop.stop();
    },
  };
}
