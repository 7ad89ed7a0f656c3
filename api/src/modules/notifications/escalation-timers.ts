// The escalation's durable timers: what each kind carries, how each is keyed, and which alarms have a chain.
import type { AlarmKind } from "../../db/client.ts";
import type { EscalationStep } from "./escalation-policy.ts";

export interface StepTimer {
  alarmId: string;
  step: number;
  label: string;
  notify: EscalationStep["notify"];
  /** where the alarm is (known when the chain is planned): recipients are looked up while the alarm is read */
  place?: { householdId: string | null; communityId: string | null; kind: AlarmKind };
  /**
   * On the first step only: the later steps' timers, which the first step writes once its messages are on
   * their way (idempotently: a first step run again after a crash writes the ones missing).
   */
  later?: { key: string; payload: StepTimer; dueAt: string }[];
}

export interface ReminderTimer {
  alarmId: string;
  round: number;
}

/** Whether a fire alarm's step reached anyone, asked UNREACHED_CHECK_SEC after it ran. */
export interface StepCheck {
  alarmId: string;
  step: number;
  label: string;
}

export const TIMER_LOCK_MS = 30_000;
export const stepKey = (alarmId: string, step: number) => `alarm:${alarmId}:step:${step}`;
export const reminderKey = (alarmId: string, round: number) => `alarm:${alarmId}:reminder:${round}`;
export const checkKey = (alarmId: string, step: number) => `alarm:${alarmId}:check:${step}`;
/** Alarms with an escalation chain: a fire, and a fire nobody could be told about. */
// a pressed call point and a gas leak are fire-class (issue 15): the place's fire chain, like smoke
export const CHAINED: ReadonlySet<AlarmKind> = new Set(["FIRE", "NOTIFY_FAILED", "CALL_POINT", "GAS_LEAK"]);
