// A local stand-in for the county's 119 dispatch centre (docs/alert-119.md): it verifies each hand-off's
// signature and timestamp with the shared secret, keeps the incidents it accepted (one per alarm id, however
// often it is sent), and acknowledges with {"ack": true, "incidentId": ...}. Withdrawal notices (an alarm
// handed over then found to be no fire) arrive at <hand-off path>/withdrawals, signed the same way: each is
// verified, kept once per alarm (its idempotency key, withdrawal:<alarm id>), marks the incident withdrawn
// (a hand-off arriving after it opens nothing), and is acknowledged. `npm start` runs it when ALERT_119_URL is
// unset; tests take it down (refusing, or not listening) to see the retries and fallbacks, each kind apart.
import { randomBytes } from "node:crypto";
import { header, HttpStandIn, type StandInAnswer, type StandInRequest } from "../http-stand-in.ts";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyHandoff } from "../../src/modules/centre/handoff-signature.ts";
import type { HandoffPayload } from "../../src/modules/centre/incident-facts.ts";
import type { WithdrawalPayload } from "../../src/modules/centre/withdrawal.ts";

export const ALERT_119_PATH = "/alert";
export const WITHDRAWALS_PATH = `${ALERT_119_PATH}/withdrawals`;

export interface ReceivedIncident {
  incidentId: string;
  payload: HandoffPayload;
  /** how many times it was sent (retries of an acknowledged hand-off that crossed the acknowledgement) */
  deliveries: number;
  receivedAt: number;
  /** a withdrawal notice for it arrived: 119's dispatcher decides whether to stand down */
  withdrawn: boolean;
}

export interface ReceivedWithdrawal {
  payload: WithdrawalPayload;
  /** the incident it withdraws, when the hand-off had arrived; null otherwise */
  incidentId: string | null;
  /** how many times it was sent (a retry that crossed the acknowledgement, an instance that died) */
  deliveries: number;
  /** the Idempotency-Key header as received */
  idempotencyKey: string | undefined;
  receivedAt: number;
}

type Mode = "up" | "failing";

export class Alert119StandIn {
  readonly secret: string;
  /** "up": verifies and acknowledges; "failing": answers 503 without acknowledging */
  mode: Mode = "up";
  /** the withdrawals' own mode; null: as `mode` */
  withdrawalMode: Mode | null = null;
  readonly incidents = new Map<string, ReceivedIncident>();
  readonly withdrawals = new Map<string, ReceivedWithdrawal>();
  readonly rejected: { why: string; at: number; path: string }[] = [];
  private readonly http: HttpStandIn;
  private port = 0;
  private seq = 0;

  constructor(opts: { secret?: string; nowSec?: () => number } = {}) {
    this.secret = opts.secret ?? randomBytes(24).toString("base64url");
    const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
    this.http = new HttpStandIn((r) => this.handle(r, nowSec()));
  }

  get requests(): readonly StandInRequest[] {
    return this.http.requests;
  }

  /** Starts listening (port 0: the OS picks); returns the URL to set as ALERT_119_URL. */
  async start(port = this.port): Promise<string> {
    const base = await this.http.start(port);
    this.port = Number(new URL(base).port);
    return `${base}${ALERT_119_PATH}`;
  }

  /** Stops listening: attempts now fail to connect. start() again listens on the same port. */
  async stop(): Promise<void> {
    await this.http.stop();
  }

  private handle(r: StandInRequest, nowSec: number): StandInAnswer {
    const withdrawal = r.path === WITHDRAWALS_PATH;
    if (r.method !== "POST" || (r.path !== ALERT_119_PATH && !withdrawal))
      return { status: 404, body: { ack: false, error: "not found" } };
    const v = verifyHandoff(
      this.secret,
      { timestamp: header(r, TIMESTAMP_HEADER), signature: header(r, SIGNATURE_HEADER) },
      r.rawBody,
      nowSec,
    );
    if (!v.ok) {
      this.rejected.push({ why: v.why, at: r.at, path: r.path });
      return { status: 401, body: { ack: false, error: v.why } };
    }
    if ((withdrawal ? (this.withdrawalMode ?? this.mode) : this.mode) === "failing")
      return { status: 503, body: { ack: false, error: "dispatch system busy" } };
    let body: unknown;
    try {
      body = JSON.parse(r.rawBody);
    } catch {
      return { status: 400, body: { ack: false, error: "body is not JSON" } };
    }
    return withdrawal ? this.withdraw(r, body as WithdrawalPayload) : this.incident(r, body as HandoffPayload);
  }

  private incident(r: StandInRequest, payload: HandoffPayload): StandInAnswer {
    if (payload.version !== 1 || typeof payload.alarmId !== "string")
      return { status: 400, body: { ack: false, error: "unknown version or no alarmId" } };
    const known = this.incidents.get(payload.alarmId);
    if (known) {
      known.deliveries++;
      return { body: { ack: true, incidentId: known.incidentId, duplicate: true } };
    }
    // a hand-off that crossed its own withdrawal: acknowledged, and no incident is opened for it
    if (this.withdrawals.has(payload.alarmId)) return { body: { ack: true, incidentId: null, withdrawn: true } };
    const incidentId = `119-${String(++this.seq).padStart(6, "0")}`;
    this.incidents.set(payload.alarmId, { incidentId, payload, deliveries: 1, receivedAt: r.at, withdrawn: false });
    return { body: { ack: true, incidentId } };
  }

  private withdraw(r: StandInRequest, payload: WithdrawalPayload): StandInAnswer {
    const verdicts = ["FALSE_ALARM", "TEST", "FAULT"];
    if (
      payload.version !== 1 ||
      payload.type !== "withdrawal" ||
      typeof payload.alarmId !== "string" ||
      !verdicts.includes(payload.verdict)
    )
      return { status: 400, body: { ack: false, error: "not a version 1 withdrawal" } };
    const incident = this.incidents.get(payload.alarmId) ?? null;
    if (incident) incident.withdrawn = true;
    const known = this.withdrawals.get(payload.alarmId);
    if (known) {
      known.deliveries++;
      return { body: { ack: true, incidentId: known.incidentId, duplicate: true } };
    }
    this.withdrawals.set(payload.alarmId, {
      payload,
      incidentId: incident?.incidentId ?? null,
      deliveries: 1,
      idempotencyKey: header(r, "idempotency-key"),
      receivedAt: r.at,
    });
    return { body: { ack: true, incidentId: incident?.incidentId ?? null } };
  }
}
