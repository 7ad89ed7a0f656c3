// Facility sensors (issue 15): limits and the alarms they raise, readings as bounded time series, charts,
// the nearest working hydrants, and linkage to sound-and-light alarms. Other modules and the composition
// root import this file only.
export * from "./alarm-classes.ts";
export * from "./limits.ts";
export * from "./limit-engine.ts";
export * from "./facility-events.ts";
export * from "./linkage.ts";
export * from "./geo.ts";
export * from "./point-labels.ts";
export * from "./reading-partitions.ts";
export * from "./reading-store.ts";
export * from "./reading-queries.ts";
export * from "./sensor-repository.ts";
export * from "./sensor-service.ts";
export * from "./sensor-queries.ts";
export * from "./linkage-service.ts";
