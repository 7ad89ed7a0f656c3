// The state of a simulated transmission device that device-model.ts keeps and device-answers.ts reads to
// answer the centre's requests (apart, so the two do not import each other).
import type { DeviceOperationObject, SystemOperationObject, SystemRef, VersionObject } from "./app-data/index.ts";
import type { ComponentStatus } from "./flags.ts";
import type { TimeLabel } from "./time-label.ts";

export interface ModelComponent {
  /** the simulator's name for it, e.g. "3F-smoke-12" */
  key: string;
  systemType: number;
  systemAddress: number;
  componentType: number;
  componentAddress: number;
  /** at most 31 bytes of GB 18030 */
  description: string;
}

/** What the model knows, shared with device-answers.ts to answer the centre's requests. */
export interface DeviceModelState {
  system: SystemRef;
  components: ReadonlyMap<string, ModelComponent>;
  statuses: ReadonlyMap<string, ComponentStatus>;
  panelOperations: readonly SystemOperationObject[];
  deviceOperations: readonly DeviceOperationObject[];
  version: VersionObject;
  panelVersion: VersionObject;
  config: string;
  panelConfig: string;
  time: TimeLabel;
  utcOffsetMinutes: number;
}
