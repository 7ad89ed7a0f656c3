// A local stand-in for the county's 119 dispatch centre (docs/alert-119.md): it verifies each hand-off's
// signature and timestamp with the shared secret, keeps the incidents it accepted (one per alarm id, however
// often it is sent), and acknowledges with {"ack": true, "incidentId": ...}. `npm start` runs it when
// ALERT_119_URL is unset; tests take it down (refusing, or not listening) to see the retries and fallback.
import { randomBytes } from "node:crypto";
import { header, HttpStandIn, type StandInAnswer, type StandInRequest } from "../http-stand-in.ts";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyHandoff } from "../../src/modules/centre/handoff-signature.ts";
import type { HandoffPayload } from "../../src/modules/centre/incident-facts.ts";

export const ALERT_119_PATH = "/alert";

export interface ReceivedIncident {
  incidentId: string;
  payload: HandoffPayload;
  /** how many times it was sent (retries of an acknowledged hand-off that crossed the acknowledgement) */
  deliveries: number;
  receivedAt: number;
}

export class Alert119StandIn {
  readonly secret: string;
  /** "up": verifies and acknowledges; "failing": answers 503 without acknowledging */
  mode: "up" | "failing" = "up";
  readonly incidents = new Map<string, ReceivedIncident>();
  readonly rejected: { why: string; at: number }[] = [];
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
    if (r.method !== "POST" || r.path !== ALERT_119_PATH)
      return { status: 404, body: { ack: false, error: "not found" } };
    const v = verifyHandoff(
      this.secret,
      { timestamp: header(r, TIMESTAMP_HEADER), signature: header(r, SIGNATURE_HEADER) },
      r.rawBody,
      nowSec,
    );
    if (!v.ok) {
      this.rejected.push({ why: v.why, at: r.at });
      return { status: 401, body: { ack: false, error: v.why } };
    }
    if (this.mode === "failing") return { status: 503, body: { ack: false, error: "dispatch system busy" } };
    let payload: HandoffPayload;
    try {
      payload = JSON.parse(r.rawBody) as HandoffPayload;
    } catch {
      return { status: 400, body: { ack: false, error: "body is not JSON" } };
    }
    if (payload.version !== 1 || typeof payload.alarmId !== "string")
      return { status: 400, body: { ack: false, error: "unknown version or no alarmId" } };
    const known = this.incidents.get(payload.alarmId);
    if (known) {
      known.deliveries++;
      return { body: { ack: true, incidentId: known.incidentId, duplicate: true } };
    }
    const incidentId = `119-${String(++this.seq).padStart(6, "0")}`;
    this.incidents.set(payload.alarmId, { incidentId, payload, deliveries: 1, receivedAt: r.at });
    return { body: { ack: true, incidentId } };
  }
}
