// Composition root: config -> database -> services. Transports (HTTP, MQTT) are started by main.ts.
import { randomBytes } from "node:crypto";
import { openDb, type Db } from "./db/client.ts";
import type { Config } from "./shared/config.ts";
import { systemClock, type Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import { WechatApi } from "./integrations/wechat/wechat-api.ts";
import { TokenService } from "./modules/auth/token-service.ts";
import { AuthService } from "./modules/auth/auth-service.ts";
import { ScopeService } from "./modules/places/scope.ts";
import { PlaceService } from "./modules/places/place-service.ts";
import { HouseholdService } from "./modules/households/household-service.ts";
import type { Services } from "./services.ts";

export interface ContextDeps {
  config: Config;
  log: Logger;
  clock?: Clock;
  db?: Db;
}

export function createServices(deps: ContextDeps): Services {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const db = deps.db ?? openDb(config.DATABASE_URL);
  const secret = config.JWT_SECRET ?? randomBytes(32).toString("hex");
  const tokens = new TokenService(db.prisma, secret, clock, { accessSec: config.ACCESS_TOKEN_TTL_SEC, refreshSec: config.REFRESH_TOKEN_TTL_SEC });
  const wechat =
    config.WECHAT_APP_ID && config.WECHAT_APP_SECRET && config.WECHAT_API_BASE
      ? new WechatApi({ baseUrl: config.WECHAT_API_BASE, appId: config.WECHAT_APP_ID, appSecret: config.WECHAT_APP_SECRET, clock })
      : null;
  const scopes = new ScopeService(db.prisma);
  return {
    db,
    clock,
    log,
    readiness: [{ name: "database", check: () => db.ping() }],
    tokens,
    auth: new AuthService(db.prisma, tokens, wechat, clock, { maxFailedLogins: config.STAFF_MAX_FAILED_LOGINS, lockoutSec: config.STAFF_LOCKOUT_SEC }),
    scopes,
    places: new PlaceService(db.prisma, scopes),
    households: new HouseholdService(db.prisma, scopes, clock),
  };
}
