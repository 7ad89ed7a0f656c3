// How the simulated device answers the centre's reads (GB/T 26875.3-2011 clause 8.3.2): each read type
// 61-68 and 81-88 is answered with its upload type, the read type minus 60 (61 -> 1, 81 -> 21, 84 -> 24).
// A read this device cannot answer gets null (the caller denies it).
import type {
  AppData,
  ComponentAddressRef,
  ComponentConfigObject,
  ComponentStateObject,
  OperationQuery,
  SystemRef,
} from "./app-data/index.ts";
import type { DeviceModelState, ModelComponent } from "./model-state.ts";
import { componentStatus, deviceStatus, systemStatus } from "./flags.ts";
import { DataType } from "./tables.ts";
import { timeLabelToDate, type TimeLabel } from "./time-label.ts";

function sameSystem(a: SystemRef, b: SystemRef): boolean {
  return a.systemType === b.systemType && a.systemAddress === b.systemAddress;
}

function componentsAt(state: DeviceModelState, refs: readonly ComponentAddressRef[]): ModelComponent[] {
  const all = [...state.components.values()];
  return refs.flatMap((r) => all.filter((c) => sameSystem(c, r) && c.componentAddress === r.componentAddress));
}

function after<T extends { time: TimeLabel }>(records: readonly T[], q: OperationQuery, offset: number): T[] {
  const from = timeLabelToDate(q.from, offset)?.getTime() ?? 0;
  return records.filter((r) => (timeLabelToDate(r.time, offset)?.getTime() ?? 0) >= from).slice(0, q.records);
}

function componentState(state: DeviceModelState, c: ModelComponent): ComponentStateObject {
  const status = state.statuses.get(c.key) ?? componentStatus.decode(1);
  const { systemType, systemAddress, componentType, componentAddress, description } = c;
  return { systemType, systemAddress, componentType, componentAddress, status, description, time: state.time };
}

function componentConfig(c: ModelComponent): ComponentConfigObject {
  const { systemType, systemAddress, componentType, componentAddress, description } = c;
  return { systemType, systemAddress, componentType, componentAddress, description };
}

function panelStatus(state: DeviceModelState) {
  const all = [...state.statuses.values()];
  return systemStatus.decode(
    systemStatus.encode({ normalMode: true, fire: all.some((s) => s.fire), fault: all.some((s) => s.fault) }),
  );
}

export function answerRequest(request: AppData, state: DeviceModelState): AppData | null {
  const ours = (refs: readonly SystemRef[]) => refs.some((r) => sameSystem(r, state.system));
  const system = state.system;
  const offset = state.utcOffsetMinutes;
  switch (request.type) {
    case DataType.ReadSystemState:
      return ours(request.objects)
        ? { type: DataType.SystemState, objects: [{ ...system, status: panelStatus(state), time: state.time }] }
        : null;
    case DataType.ReadComponentState:
      return {
        type: DataType.ComponentState,
        objects: componentsAt(state, request.objects).map((c) => componentState(state, c)),
      };
    case DataType.ReadComponentAnalogue:
      return { type: DataType.ComponentAnalogue, objects: [] }; // the model keeps no readings
    case DataType.ReadSystemOperations: {
      const q = request.objects[0];
      return q && ours([q])
        ? { type: DataType.SystemOperation, objects: after(state.panelOperations, q, offset) }
        : null;
    }
    case DataType.ReadSystemVersion:
      return ours(request.objects)
        ? { type: DataType.SystemVersion, objects: [{ ...system, ...state.panelVersion }] }
        : null;
    case DataType.ReadSystemConfig:
      return ours(request.objects)
        ? { type: DataType.SystemConfig, objects: [{ ...system, text: state.panelConfig }] }
        : null;
    case DataType.ReadComponentConfig:
      return { type: DataType.ComponentConfig, objects: componentsAt(state, request.objects).map(componentConfig) };
    case DataType.ReadSystemTime:
      return ours(request.objects) ? { type: DataType.SystemTime, objects: [{ ...system, time: state.time }] } : null;
    case DataType.ReadDeviceState: {
      const all = [...state.statuses.values()];
      const status = deviceStatus.decode(
        deviceStatus.encode({ normalMode: true, fire: all.some((s) => s.fire), fault: all.some((s) => s.fault) }),
      );
      return { type: DataType.DeviceState, objects: [{ status, time: state.time }] };
    }
    case DataType.ReadDeviceOperations: {
      const q = request.objects[0];
      return q ? { type: DataType.DeviceOperation, objects: after(state.deviceOperations, q, offset) } : null;
    }
    case DataType.ReadDeviceVersion:
      return { type: DataType.DeviceVersion, objects: [state.version] };
    case DataType.ReadDeviceConfig:
      return { type: DataType.DeviceConfig, objects: [{ text: state.config }] };
    case DataType.ReadDeviceTime:
      return { type: DataType.DeviceTime, objects: [{ time: state.time }] };
    default:
      return null;
  }
}
