// Live events for staff screens (the SSE feed at GET /api/live/alarms): alarm changes, escalation steps and
// pushes to one staff member. Every screen connected to this API instance sees the events this instance
// produces; with several instances a relay (PostgreSQL LISTEN/NOTIFY, live-relay.ts) carries each event
// to the others, so a screen sees alarms whichever instance handled them. Each subscriber says which communities it may see (its scope) and, for direct
// pushes, who it is. The last events are kept so a screen that reconnects with Last-Event-ID catches up.
// The events are the contract's (contract/live.ts): the console's board reads them as the same types.
import type { LiveFeedEvent, LiveFeedEventInput } from "../../contract/live.ts";

export type LiveEvent = LiveFeedEvent;
export type LiveEventType = LiveEvent["type"];
/** an event as the modules publish it; the feed numbers it */
export type LiveEventInput = LiveFeedEventInput;

export interface LiveSubscriber {
  staffId: string;
  /** the communities this screen may see, or "all" for county-wide roles */
  communities: ReadonlySet<string> | "all";
  send(e: LiveEvent): void;
}

const KEEP = 200;

export class LiveFeed {
  private readonly subs = new Set<LiveSubscriber>();
  private readonly recent: LiveEvent[] = [];
  private seq = 0;
  /** carries events this instance produces to the other instances (set when there are others) */
  relay: ((e: LiveEventInput) => void) | null = null;
  /** an HTTP worker process hands its pushes to the main process too: the screen may be on another worker */
  relayPushes = false;
  /** the main process with HTTP workers: every event delivered here goes on to the workers' screens */
  mirror: ((e: LiveEventInput) => void) | null = null;
  /** screens of this instance held by its other processes (HTTP workers), for one staff member */
  elsewhere: ((staffId: string) => number) | null = null;

  subscribe(s: LiveSubscriber, lastEventId?: number): () => void {
    if (lastEventId !== undefined) for (const e of this.recent) if (e.id > lastEventId && this.visible(s, e)) s.send(e);
    this.subs.add(s);
    return () => this.subs.delete(s);
  }

  /** Sends to every screen allowed to see it, here and (through the relay) on other instances; returns how many here got it. */
  publish(e: LiveEventInput): number {
    // pushes to one staff member stay here: the push channel counts this instance's screens before choosing it
    if (this.relay && (e.type !== "push" || this.relayPushes)) this.relay(e);
    return this.deliver(e);
  }

  /** Sends to this instance's screens only (events relayed from another instance arrive here). */
  deliver(e: LiveEventInput): number {
    this.mirror?.(e);
    const event: LiveEvent = { ...e, id: ++this.seq };
    this.recent.push(event);
    if (this.recent.length > KEEP) this.recent.shift();
    let n = 0;
    for (const s of this.subs) {
      if (!this.visible(s, event)) continue;
      try {
        s.send(event);
        n++;
      } catch {
        this.subs.delete(s); // a broken stream: the route's close handler would remove it anyway
      }
    }
    return n;
  }

  screens(staffId: string): number {
    let n = 0;
    for (const s of this.subs) if (s.staffId === staffId) n++;
    return n + (this.elsewhere?.(staffId) ?? 0);
  }

  get size(): number {
    return this.subs.size;
  }

  private visible(s: LiveSubscriber, e: LiveEvent): boolean {
    if (e.type === "push") return e.staffId === s.staffId;
    if (s.communities === "all") return true;
    return e.communityId !== null && s.communities.has(e.communityId);
  }

  close(): void {
    this.subs.clear();
  }
}
