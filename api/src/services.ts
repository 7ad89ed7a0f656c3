// The services the transports call, built once in the composition root (main.ts / app-context.ts).
import type { Db } from "./db/client.ts";
import type { Clock } from "./shared/clock.ts";
import type { Logger } from "./shared/logger.ts";
import type { AuthService } from "./modules/auth/auth-service.ts";
import type { TokenService } from "./modules/auth/token-service.ts";
import type { ScopeService } from "./modules/places/scope.ts";
import type { PlaceService } from "./modules/places/place-service.ts";
import type { HouseholdService } from "./modules/households/household-service.ts";

/** A named readiness check for /ready: the database, later the broker. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface Services {
  db: Db;
  clock: Clock;
  log: Logger;
  readiness: ReadinessCheck[];
  tokens: TokenService;
  auth: AuthService;
  scopes: ScopeService;
  places: PlaceService;
  households: HouseholdService;
}
