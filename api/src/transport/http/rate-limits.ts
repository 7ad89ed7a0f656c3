// The HTTP rate limits (issue 12 item 6): token buckets per account and per client address on the routes
// where volume is abuse: sign-in, codes (WeChat phone codes, household invitations, device binding codes),
// ticket scans and bookings. A route names its limit; the router takes a token from each bucket before the
// request is read further and answers 429 with Retry-After and a Chinese message when one is empty. Per
// process: each API instance limits on its own (README). Device messages are limited in the ingest
// pipeline (per device), staff passwords by the login throttle (modules/auth/login-throttle.ts).
import { rateLimited } from "../../shared/errors.ts";
import { isLoopback, RateLimiter, type BucketSpec } from "../../shared/rate-limit.ts";
import type { Principal } from "../../modules/auth/principal.ts";

export const LIMITS = {
  /** sign-in and token refresh: per address (a residential NAT has many people behind it) */
  signIn: { what: "登录", perAddress: { capacity: 60, perMinute: 30 } },
  /** codes people type or scan: WeChat phone codes, invitations, device binding codes */
  codes: {
    what: "验证",
    perAccount: { capacity: 10, perMinute: 2 },
    perAddress: { capacity: 60, perMinute: 20 },
  },
  /** centre staff scanning tickets at the door: a school group arrives at once */
  tickets: {
    what: "验票",
    perAccount: { capacity: 120, perMinute: 60 },
    perAddress: { capacity: 240, perMinute: 120 },
  },
  /** booking seats */
  bookings: {
    what: "预约",
    perAccount: { capacity: 10, perMinute: 2 },
    perAddress: { capacity: 60, perMinute: 20 },
  },
  /** unit file documents (up to 20 MB each) */
  uploads: {
    what: "上传",
    perAccount: { capacity: 20, perMinute: 10 },
    perAddress: { capacity: 60, perMinute: 30 },
  },
  /** county setup sheets: each holds the process's one import slot while it runs */
  imports: {
    what: "导入",
    perAccount: { capacity: 10, perMinute: 5 },
    perAddress: { capacity: 30, perMinute: 15 },
  },
  /** staff accounts and their invitation codes */
  accounts: {
    what: "账号",
    perAccount: { capacity: 60, perMinute: 30 },
    perAddress: { capacity: 120, perMinute: 60 },
  },
  /** facility readings and charts: a console refreshing a unit's board */
  sensorReads: {
    what: "查询",
    perAccount: { capacity: 120, perMinute: 120 },
    perAddress: { capacity: 600, perMinute: 600 },
  },
  /** residents' hazard reports (the mini-program, and the portal's anonymous form per address) */
  hazardReports: {
    what: "隐患报告",
    perAccount: { capacity: 10, perMinute: 2 },
    perAddress: { capacity: 30, perMinute: 10 },
  },
} as const satisfies Record<string, { what: string; perAccount?: BucketSpec; perAddress?: BucketSpec }>;

export type LimitName = keyof typeof LIMITS;

export class HttpLimits {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(
    private readonly now: () => number,
    private readonly onLimited: (name: LimitName) => void = () => undefined,
  ) {}

  private limiter(name: string, spec: BucketSpec): RateLimiter {
    let l = this.buckets.get(name);
    if (!l) {
      l = new RateLimiter(name, spec, this.now);
      this.buckets.set(name, l);
    }
    return l;
  }

  /** Takes a token per account and per address for `name`; throws 429 when one is out. */
  check(name: LimitName, address: string, principal: Principal | null): void {
    const spec: { what: string; perAccount?: BucketSpec; perAddress?: BucketSpec } = LIMITS[name];
    if (principal && spec.perAccount) {
      const r = this.limiter(`${name}:account`, spec.perAccount).take(`${principal.kind}:${principal.id}`);
      if (!r.ok) {
        this.onLimited(name);
        throw rateLimited(r.retryAfterSec, spec.what);
      }
    }
    if (spec.perAddress && !isLoopback(address)) {
      const r = this.limiter(`${name}:address`, spec.perAddress).take(address);
      if (!r.ok) {
        this.onLimited(name);
        throw rateLimited(r.retryAfterSec, spec.what);
      }
    }
  }
}
