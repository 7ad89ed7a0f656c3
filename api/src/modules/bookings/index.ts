// The bookings module as the composition root sees it: one factory, one object on Services.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { BookingAccess } from "./booking-access.ts";
import { BookingService } from "./booking-service.ts";
import { BookingChanges } from "./booking-changes.ts";
import { CentreService } from "./centre-service.ts";
import { CheckInService } from "./check-in-service.ts";
import { BookingJobs } from "./booking-jobs.ts";
import { BookingStats } from "./booking-stats.ts";
import { TicketSigner } from "./ticket.ts";

export interface Bookings {
  centres: CentreService;
  bookings: BookingService;
  changes: BookingChanges;
  checkIns: CheckInService;
  jobs: BookingJobs;
  stats: BookingStats;
}

export function createBookings(deps: { prisma: Prisma; clock: Clock; ticketSecret: string }): Bookings {
  const { prisma, clock } = deps;
  const access = new BookingAccess(prisma);
  const tickets = new TicketSigner(deps.ticketSecret);
  const bookings = new BookingService(prisma, clock, access, tickets);
  const changes = new BookingChanges(prisma, clock, access, bookings);
  const checkIns = new CheckInService(prisma, clock, access, tickets);
  return {
    centres: new CentreService(prisma, clock, access),
    bookings,
    changes,
    checkIns,
    jobs: new BookingJobs(prisma, clock, changes, checkIns),
    stats: new BookingStats(prisma, clock),
  };
}

export { startBookingJobs } from "./booking-jobs.ts";
