import type { AnyRoute } from "../route.ts";
import { healthRoutes } from "./health.routes.ts";
import { authRoutes } from "./auth.routes.ts";
import { householdRoutes, placeRoutes } from "./households.routes.ts";

export const allRoutes: readonly AnyRoute[] = [...healthRoutes, ...authRoutes, ...householdRoutes, ...placeRoutes];
