// What the escalation service is built with (index.ts wires it), and the alarm engine's port it calls back.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { ConsoleChannel } from "../../channels/console-channel.ts";
import type { QuietHours } from "./escalation-policy.ts";
import type { ClaimedNotification, OutboxRepository } from "./outbox-repository.ts";
import type { RecipientDirectory } from "./recipients.ts";
import type { TimerRepository } from "./timer-repository.ts";
import type { LiveFeed } from "./live-feed.ts";
import type { StepQueries } from "./step-queries.ts";

/** The alarm engine's side of an unreached step (AlarmService.raiseUnreached / clearUnreached). */
export interface UnreachedPort {
  raise(
    fire: { id: string; deviceId: string; communityId: string | null },
    step: number,
    note: string,
  ): Promise<unknown>;
  clear(deviceId: string, fireAlarmId: string): Promise<unknown>;
}

export interface EscalationDeps {
  prisma: Prisma;
  timers: TimerRepository;
  outbox: OutboxRepository;
  recipients: RecipientDirectory;
  live: LiveFeed;
  clock: Clock;
  log: Logger;
  owner: string;
  wechatTemplates: { alarm: string; reminder: string };
  quiet: QuietHours;
  console: ConsoleChannel | null;
  kickOutbox: () => void;
  kickTimers: () => void;
  /** sends rows stored already claimed by this instance (OutboxWorker.dispatch) */
  dispatch: (rows: ClaimedNotification[], alarmStatus: string) => void;
  sendLockMs: number;
  /** set once the alarm engine exists (the composition root wires it) */
  unreached?: UnreachedPort;
  /** counted on /metrics */
  onUnreached?: () => void;
  /** the alarm read in one prepared statement (step-queries.ts); absent: through Prisma */
  queries?: StepQueries;
}
