// What the centre's alarm handling is built with (index.ts wires it).
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { VerdictCloser } from "../alarms/alarm-service.ts";
import type { LiveFeed } from "../notifications/live-feed.ts";
import type { ClaimedNotification, OutboxRepository } from "../notifications/outbox-repository.ts";
import type { TimerRepository } from "../notifications/timer-repository.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import type { Handoff } from "./handoff.ts";
import type { Withdrawal } from "./withdrawal.ts";
import type { FactsReader } from "./facts-reader.ts";
import type { IncidentFacts } from "./incident-facts.ts";

export interface CentreServiceDeps {
  prisma: Prisma;
  timers: TimerRepository;
  outbox: OutboxRepository;
  scopes: UnitScopes;
  live: LiveFeed;
  clock: Clock;
  log: Logger;
  owner: string;
  handoff: Handoff;
  /**
   * the alarm engine: a verdict of no fire closes its alarm through it, as any close does (the listeners hear it
   * at once: the live feed, the residents' escalation, linkage's sounders)
   */
  alarms: VerdictCloser;
  /** the withdrawal notice to 119 after a verdict of no fire on an alarm already handed over */
  withdrawal: Withdrawal;
  /** the people and facts' rows (prepared statements on the engine's driver, else Prisma) */
  reader: FactsReader;
  /** the unit's facts, for messages */
  facts: (alarmId: string) => Promise<IncidentFacts | null>;
  kickOutbox: () => void;
  /**
   * Sends rows stored already claimed by this instance: with it, a row is written claimed and handed over at
   * once (the first leaves while the next are written), as the escalation's first step does; without it, the
   * rows are queued and the send loop claims them.
   */
  dispatch?: (rows: ClaimedNotification[]) => void;
  sendLockMs?: number;
}
