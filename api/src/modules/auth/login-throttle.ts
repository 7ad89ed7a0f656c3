// Slows password guessing without letting a stranger lock the real user out (issue 12 item 6: anyone could
// lock any staff account for 15 minutes, 423-vs-401 told real usernames from unknown ones, and 40 guesses
// sent at once were checked 22 times instead of 5). Following OWASP's Authentication Cheat Sheet (protect
// against automated attacks without a hard account lock-out):
//
// - per login name and address: the first `freeFailures` wrong passwords are free; after that one attempt
//   at a time, each after a delay that doubles (1 s, 2 s, 4 s ... up to `maxDelaySec`). Another address,
//   the real user's, is not affected.
// - per address, across login names: a bucket of failures (spraying many names from one place).
// - per login name, across addresses: a bucket of failures (guessing from many places); addresses where the
//   account signed in before are not held to it, so a crowd of strangers cannot shut its owner out.
//
// Every check reserves before the password is verified, synchronously, so concurrent guesses are counted
// one by one. Names are counted as typed, whether or not an account has them, so the answers and the work
// done are the same for unknown names. State is per process (README: each API instance limits on its own).
import { isLoopback, RateLimiter, type Take } from "../../shared/rate-limit.ts";

export interface ThrottlePolicy {
  /** wrong passwords per name and address before the delays start (STAFF_MAX_FAILED_LOGINS) */
  freeFailures: number;
  /** the longest delay (STAFF_LOCKOUT_SEC) */
  maxDelaySec: number;
}

interface Pair {
  failures: number;
  inFlight: number;
  /** no attempt before this (ms) */
  nextAt: number;
}

export interface Attempt {
  /** call with the outcome once the password was checked */
  finish(ok: boolean): void;
}

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly pairs = new Map<string, Pair>();
  private readonly known = new Map<string, Set<string>>();
  private readonly byAddress: RateLimiter;
  private readonly byName: RateLimiter;

  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number,
  ) {
    // failures from one address across names: 30 at once, then 10 a minute
    this.byAddress = new RateLimiter("login-address", { capacity: 30, perMinute: 10 }, now);
    // failures for one name from all unknown addresses: 100, then 20 an hour
    this.byName = new RateLimiter("login-name", { capacity: 100, perMinute: 1 / 3 }, now);
  }

  private static norm(name: string): string {
    return name.trim().toLowerCase();
  }

  private pair(key: string): Pair {
    let p = this.pairs.get(key);
    if (p) {
      this.pairs.delete(key);
    } else {
      p = { failures: 0, inFlight: 0, nextAt: 0 };
      if (this.pairs.size >= MAX_KEYS) {
        // forget the oldest idle pair (one being checked right now stays)
        for (const [k, v] of this.pairs)
          if (v.inFlight === 0) {
            this.pairs.delete(k);
            break;
          }
      }
    }
    this.pairs.set(key, p);
    return p;
  }

  private delayMs(failures: number): number {
    const steps = failures - this.policy.freeFailures;
    return Math.min(this.policy.maxDelaySec, 2 ** Math.max(0, steps)) * 1000;
  }

  /** Reserves an attempt, or says how long to wait. Reserved attempts must be finished. */
  begin(name: string, address: string): { ok: true; attempt: Attempt } | { ok: false; retryAfterSec: number } {
    const login = LoginThrottle.norm(name);
    const key = `${login}\u0000${address}`;
    const p = this.pair(key);
    const t = this.now();
    const free = p.failures + p.inFlight < this.policy.freeFailures;
    if (!free && (p.inFlight > 0 || t < p.nextAt)) {
      const wait = p.inFlight > 0 ? this.delayMs(p.failures + 1) : p.nextAt - t;
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil(wait / 1000)) };
    }
    const local = isLoopback(address); // rate-limit.ts: one bucket for everyone behind an undeclared proxy
    const fromAddress: Take = local ? { ok: true } : this.byAddress.take(address);
    if (!fromAddress.ok) return fromAddress;
    const trusted = this.known.get(login)?.has(address) ?? false;
    if (!trusted) {
      const forName = this.byName.take(login);
      if (!forName.ok) {
        if (!local) this.byAddress.refund(address);
        return forName;
      }
    }
    p.inFlight++;
    let done = false;
    return {
      ok: true,
      attempt: {
        finish: (ok: boolean) => {
          if (done) return;
          done = true;
          p.inFlight--;
          if (ok) {
            p.failures = 0;
            p.nextAt = 0;
            if (!local) this.byAddress.refund(address);
            if (!trusted) this.byName.refund(login);
            this.remember(login, address);
          } else {
            p.failures++;
            if (p.failures >= this.policy.freeFailures) p.nextAt = this.now() + this.delayMs(p.failures);
          }
        },
      },
    };
  }

  private remember(login: string, address: string): void {
    let set = this.known.get(login);
    if (!set) {
      if (this.known.size >= MAX_KEYS) this.known.delete(this.known.keys().next().value!);
      set = new Set();
      this.known.set(login, set);
    }
    if (set.size < 20) set.add(address);
  }
}
