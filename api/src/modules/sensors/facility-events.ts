// What a facility device's event means for alarms (protocol 1.1 events, and version 1's fault on a pump).
// Events map directly, without limits: the device has already decided. Pure.
import type { DeviceKind } from "../../db/client.ts";
import type { SensorDecision } from "./limit-engine.ts";

export interface FacilityEvent {
  type: string;
  /** the part the event is about; events of one part must name it alike */
  point?: string | undefined;
  /** ms, device clock */
  at: number;
}

export interface EventContext {
  /** an open fire-class alarm in the pump's unit or building: a pump starting then is doing its job */
  fireInPlace: boolean;
}

/**
 * The alarm decisions of a facility event; an empty list when it changes no alarm (history only); null when
 * the event is not a facility rule, so version 1's rules apply (smoke, battery, tamper, a non-pump fault ...).
 */
export function eventDecisions(deviceKind: DeviceKind, e: FacilityEvent, ctx: EventContext): SensorDecision[] | null {
  const at = e.at;
  const part = e.point ?? "";
  const raise = (kind: SensorDecision["kind"], note: string, point = part): SensorDecision[] => [
    { action: "raise", kind, point, at, note },
  ];
  const clear = (kind: SensorDecision["kind"], note: string, point = part): SensorDecision[] => [
    { action: "clear", kind, point, at, note },
  ];
  const note = (kind: SensorDecision["kind"], text: string, point = part): SensorDecision[] => [
    { action: "note", kind, point, at, note: text },
  ];
  // A gas detector's alarm, its readings and its valve share one point, so one open alarm covers them all.
  const gasPoint = e.point ?? "lel_pct";
  switch (e.type) {
    case "reading":
      return []; // readings go through the limit engine
    case "pump_start":
      return ctx.fireInPlace ? [] : raise("PUMP_STARTED", "消防泵在无火警时启动");
    case "pump_stop":
      return clear("PUMP_STARTED", "消防泵已停止");
    case "pump_manual":
      return raise("PUMP_NOT_AUTO", "消防泵控制柜被切换到手动，火灾时不会自动启泵");
    case "pump_auto":
      return clear("PUMP_NOT_AUTO", "消防泵已恢复自动状态");
    case "power_loss":
      return raise("POWER_LOST", "电源故障（主电、备电或缺相）");
    case "power_restored":
      return clear("POWER_LOST", "电源已恢复");
    case "call_point_pressed":
      return raise("CALL_POINT", "手动报警按钮被按下");
    // A reset call point does not close the fire alarm: a person must say what it was.
    case "call_point_reset":
      return note("CALL_POINT", "手动报警按钮已复位");
    case "gas_alarm":
      return raise("GAS_LEAK", "可燃气体探测器报警", gasPoint);
    case "gas_clear":
      return note("GAS_LEAK", "可燃气体浓度已降到报警值以下", gasPoint);
    case "valve_closed":
      // a gas detector closing its shut-off valve is the detector doing its job during a leak
      return deviceKind === "GAS_DETECTOR"
        ? note("GAS_LEAK", "燃气切断阀已关闭", gasPoint)
        : raise("VALVE_CLOSED", "阀门被关闭，消防供水可能中断");
    case "valve_opened":
      return deviceKind === "GAS_DETECTOR" ? [] : clear("VALVE_CLOSED", "阀门已打开");
    // The hydrant's flow reading and these events share the point "flow": one open alarm for both.
    case "hydrant_opened":
      return raise("HYDRANT_OPENED", "消火栓被打开，有水流", e.point ?? "flow");
    case "hydrant_closed":
      return clear("HYDRANT_OPENED", "消火栓已关闭", e.point ?? "flow");
    // No automatic clear: someone must look at a hydrant that was knocked over.
    case "tilt":
      return raise("HYDRANT_KNOCKED", "消火栓被撞击或倾斜");
    case "fault":
      return deviceKind === "PUMP" ? raise("PUMP_FAULT", "消防泵故障") : null;
    case "fault_cleared":
      return deviceKind === "PUMP" ? clear("PUMP_FAULT", "消防泵故障已排除") : null;
    default:
      return null;
  }
}
