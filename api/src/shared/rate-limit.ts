// Token buckets, per key (an account, an address, a device), held in this process (issue 12 item 6). Each
// API instance limits on its own: behind a load balancer with N instances a client gets up to N times the
// rate, which still bounds it (README). A take is synchronous, so concurrent requests in one process are
// counted one by one: 40 guesses sent at once take 40 tokens.
export type Take = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * The machine itself (127.0.0.0/8, ::1). Per-address limits leave it out: a request from here is a local
 * tool, or every client of a proxy that is not declared with TRUST_PROXY, and one bucket for all of those
 * would let one of them shut the others out. Per-account limits still apply.
 */
export function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

export interface BucketSpec {
  /** the burst: tokens a fresh key has */
  capacity: number;
  /** tokens added back per minute */
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Keys kept at most; the least recently used go first (a forgotten key starts full, as an idle one would). */
const MAX_KEYS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly name: string,
    private readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  private bucket(key: string): Bucket {
    const t = this.now();
    let b = this.buckets.get(key);
    if (b) {
      // a clock that went back (an adjusted system clock, a test's manual clock) refills nothing
      b.tokens = Math.min(this.spec.capacity, b.tokens + (Math.max(0, t - b.at) / 60_000) * this.spec.perMinute);
      b.at = t;
      this.buckets.delete(key); // re-inserted below: most recently used last
    } else {
      b = { tokens: this.spec.capacity, at: t };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, b);
    return b;
  }

  /** Takes `cost` tokens, or says how long until there are enough. */
  take(key: string, cost = 1): Take {
    const b = this.bucket(key);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { ok: true };
    }
    const perSec = this.spec.perMinute / 60;
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((cost - b.tokens) / perSec)) };
  }

  /** Gives tokens back (an attempt that turned out fine). */
  refund(key: string, cost = 1): void {
    const b = this.bucket(key);
    b.tokens = Math.min(this.spec.capacity, b.tokens + cost);
  }

  /** Whether `key` could take `cost` now, without taking. */
  peek(key: string, cost = 1): Take {
    const b = this.bucket(key);
    if (b.tokens >= cost) return { ok: true };
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((cost - b.tokens) / (this.spec.perMinute / 60))) };
  }
}
