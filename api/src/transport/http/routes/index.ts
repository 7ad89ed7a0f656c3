import type { AnyRoute } from "../route.ts";
import { healthRoutes } from "./health.routes.ts";
import { authRoutes } from "./auth.routes.ts";
import { householdRoutes, placeRoutes } from "./households.routes.ts";
import { bookingsRoutes } from "./bookings.routes.ts";
import { educationRoutes } from "./education.routes.ts";
import { deviceRoutes, metricsRoutes } from "./devices.routes.ts";
import { alarmRoutes } from "./alarms.routes.ts";
import { notificationRoutes } from "./notifications.routes.ts";
import { reportRoutes } from "./reports.routes.ts";
import { rosterRoutes } from "./roster.routes.ts";
import { panelRoutes } from "./panels.routes.ts";
import { unitRoutes } from "./units.routes.ts";
import { setupRoutes } from "./setup.routes.ts";
import { carrierRoutes } from "./carriers.routes.ts";
import { sensorRoutes } from "./sensors.routes.ts";
import { centreRoutes } from "./centre.routes.ts";
import { inspectionRoutes } from "./inspection.routes.ts";
import { rolloutRoutes } from "./rollout.routes.ts";
import { cameraRoutes } from "./cameras.routes.ts";
import { noticeRoutes } from "./notices.routes.ts";
import { dispatchRoutes } from "./dispatch.routes.ts";
import { residentHazardRoutes } from "./resident-hazards.routes.ts";

export const allRoutes: readonly AnyRoute[] = [
  ...healthRoutes,
  ...authRoutes,
  ...householdRoutes,
  ...placeRoutes,
  ...educationRoutes,
  ...bookingsRoutes,
  ...deviceRoutes,
  ...alarmRoutes,
  ...notificationRoutes,
  ...reportRoutes,
  ...rosterRoutes,
  ...panelRoutes,
  ...unitRoutes,
  ...setupRoutes,
  ...centreRoutes,
  ...inspectionRoutes,
  ...noticeRoutes,
  ...metricsRoutes,
  ...carrierRoutes,
  ...sensorRoutes,
  ...rolloutRoutes,
  ...cameraRoutes,
  ...dispatchRoutes,
  ...residentHazardRoutes,
];
