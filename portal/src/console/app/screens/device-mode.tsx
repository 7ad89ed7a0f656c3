// A device's service mode, on 设备健康 (screens/Devices.tsx) and 消防设施 (screens/Facilities.tsx): each device's mode
// in words (正常使用, 安装模式, 维护模式), what it means for the device (modeEffect: out of normal use a detector, a call
// point, a gas detector or a transmission device raises no fire alarm; a tank, a pump, a hydrant or an electrical
// fire monitor raises its alarms as before and only its going offline is not said), since when one out of normal use
// has been so, marked once that is over a day (维护中已超过 1 天), and the two switches of those the API lets switch
// it (the property desk; a unit's responsible person, manager and safety officer for their unit's devices):
// 转为维护模式, which asks the reason (required: the API refuses a switch without one, and keeps it in the audit log),
// and 恢复正常使用, asked once. PATCH /api/devices/:id.
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { StaffDeviceListResponse } from "@anxin/contract/devices";
import {
  DEVICE_MODE_LABEL,
  DEVICE_MODE_ONGOING,
  DEVICE_MODE_OVERDUE_HOURS,
  DEVICE_MODE_REASON_MAX,
  MODE_SILENCES_FIRE_KINDS,
} from "@anxin/contract/labels";
import { api, fmtTime } from "../../client/api.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { useAction } from "../lib/hooks.ts";
import { errorsOf, send } from "./centres/form-kit.tsx";

export type DeviceRow = StaffDeviceListResponse["items"][number];
type Mode = DeviceRow["mode"];
/** What the mode's cell and switches need of a device: a row of 设备健康 or a device of 消防设施. */
export interface ModeDevice {
  id: string;
  serial: string;
  name: string | null;
  room?: string | null;
  mode: Mode;
  modeSince?: string | null;
  /** its model's kind (DEVICE_KIND_LABEL's keys): what a mode out of normal use silences (modeEffect) */
  kind: string;
}

/** what a facility's alarms are about, as an example in the dialog (sensors/limits.ts, facility-events.ts) */
const FACILITY_ALARMS: Record<string, string> = {
  WATER_LEVEL: "水位过低或过高",
  PUMP: "水泵启动、故障、不在自动状态",
  HYDRANT_PRESSURE: "水压异常、被打开、被撞击",
  PIPE_PRESSURE: "水压异常",
  ELECTRICAL_FIRE: "漏电、线缆超温",
};

/** What a mode out of normal use does to a device, in words. */
export interface ModeEffect {
  /** whether its fire alarms go silent */
  silencesFire: boolean;
  /** beside the mode in its cell: "不报火警" */
  mark: string;
  /** the dialog's sentence after "X 转为维护模式后，", around its one stressed word (不会) */
  out: [string, string];
  /** the question's second line before putting it back in use */
  back: string;
  /** what is said once switched */
  done: string;
}

/**
 * What 维护模式 does to a device of `kind`, told to `told` ("单位和监控中心"): a smoke alarm, a call point or a gas
 * detector raises no fire alarm (and no offline alarm: offline-sweeper.ts); a transmission device none of its
 * panel's; any other device (a tank, a pump, a hydrant, an electrical fire monitor, a sounder) raises its alarms as
 * before, only not that it went offline.
 */
export function modeEffect(kind: string, told: string): ModeEffect {
  if (kind === "UITD")
    return {
      silencesFire: true,
      mark: "不报火警",
      out: [
        "它所接的火灾报警控制器报出的火警（火灾报警、手动报警）都",
        `通知${told}，它离线也不报警，直到恢复正常使用。`,
      ],
      back: `恢复后，火灾报警控制器报出的火警会立即通知${told}。`,
      done: "控制器报出的火警不会通知任何人",
    };
  if (MODE_SILENCES_FIRE_KINDS.has(kind))
    return {
      silencesFire: true,
      mark: "不报火警",
      out: ["它的火警（烟感、手动报警、燃气泄漏）", `通知${told}，它离线也不报警，直到恢复正常使用。`],
      back: `恢复后，它的火警（烟感、手动报警、燃气泄漏）会立即通知${told}。`,
      done: "它不会发出火警",
    };
  const alarms = FACILITY_ALARMS[kind];
  return {
    silencesFire: false,
    mark: "离线不报警",
    out: [`它的报警${alarms ? `（${alarms}）` : ""}照常发出，只有它离线时`, "发出离线报警，直到恢复正常使用。"],
    back: "恢复后，它离线时会再次报警；它的其他报警一直照常发出。",
    done: "它离线时不会报警，其他报警照常",
  };
}

const HOUR_MS = 3600_000;

/** The time the marks are reckoned from, moved on each minute (a list left open goes on counting). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** How a row names its device in a question or a button's name: "SN2026110001（客厅烟感）". */
export const deviceName = (d: ModeDevice) => {
  const where = d.name ?? d.room;
  return where ? `${d.serial}（${where}）` : d.serial;
};

/**
 * The mode in words, and for a device out of normal use since when: "维护中已超过 2 天" once over
 * DEVICE_MODE_OVERDUE_HOURS (overdue), else "自 2026/11/20 09:00 起". Whole days, never rounded up.
 */
export function modeWords(mode: Mode, since: string | null | undefined, now: number) {
  const label = DEVICE_MODE_LABEL[mode];
  if (mode === "NORMAL" || !since) return { label, since: null, overdue: false };
  const hours = (now - Date.parse(since)) / HOUR_MS;
  if (hours > DEVICE_MODE_OVERDUE_HOURS) {
    const days = Math.max(1, Math.floor(hours / 24));
    return { label, since: `${DEVICE_MODE_ONGOING[mode]}已超过 ${days} 天`, overdue: true };
  }
  return { label, since: `自 ${fmtTime(since)} 起`, overdue: false };
}

/**
 * The 模式 cell: the mode, and for one out of normal use what it does not report (modeEffect: a detector no fire, a
 * tank only not its going offline), and since when.
 */
export function ModeCell(props: { device: ModeDevice; now: number }) {
  const d = props.device;
  const w = modeWords(d.mode, d.modeSince, props.now);
  if (d.mode === "NORMAL") return <span className="mode-normal">{w.label}</span>;
  return (
    <span className="mode-out">
      <strong className="bad">{w.label}</strong>（{modeEffect(d.kind, "").mark}）
      {w.since ? (
        <>
          <br />
          {w.overdue ? <span className="tag bad mode-overdue">{w.since}</span> : <small>{w.since}</small>}
        </>
      ) : null}
    </span>
  );
}

/** How a screen words the switches and asks before putting a device back in use. */
export interface ModeSwitchOptions {
  /** who its alarms are told to: "住户和物业" (the default); what goes silent is the device kind's (modeEffect) */
  told?: string;
  /** the screen's own question dialog (useConfirm), when it has one already: a page has one <dialog id="confirm"> */
  ask?: (lines: string[], yes: string) => Promise<boolean>;
}

/**
 * The switches and their dialogs: `button(d)` for a row (转为维护模式 in normal use, 恢复正常使用 out of it),
 * `dialogs` once on the screen, `action` the outcome to show; `onSwitched` reloads the list.
 */
export function useModeSwitch(onSwitched: () => void, options: ModeSwitchOptions = {}) {
  const { told = "住户和物业" } = options;
  const [asking, setAsking] = useState<ModeDevice | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const form = useAction();
  const done = useAction();
  const restore = useConfirm();
  const ask = options.ask ?? restore.ask;
  const clearForm = form.clear;

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (asking && !d.open) d.showModal();
    if (!asking && d.open) d.close();
  }, [asking]);

  const close = useCallback(() => {
    setAsking(null);
    clearForm();
  }, [clearForm]);

  const patch = (d: ModeDevice, body: { mode: Mode; reason?: string }) =>
    api("PATCH", `/api/devices/${encodeURIComponent(d.id)}`, body);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = asking;
    if (!d) return;
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    // the API says whether a reason is needed and how long it may be; its refusal is shown at the field
    void form
      .run(() => send(() => patch(d, { mode: "MAINTENANCE", reason })))
      .then((r) => {
        if (r === undefined) return;
        setAsking(null);
        // said under the filters, where the list is
        void done.run(
          () => Promise.resolve(),
          `已将 ${deviceName(d)} 转为维护模式：${modeEffect(d.kind, told).done}，维护完成后请恢复正常使用`,
        );
        onSwitched();
      });
  };

  const backInUse = async (d: ModeDevice) => {
    const yes = await ask([`把 ${deviceName(d)} 恢复正常使用？`, modeEffect(d.kind, told).back], "恢复正常使用");
    if (!yes) return;
    const r = await done.run(() => patch(d, { mode: "NORMAL" }), `${deviceName(d)} 已恢复正常使用`);
    if (r !== undefined) onSwitched();
  };

  const button = (d: ModeDevice) =>
    d.mode === "NORMAL" ? (
      <button
        type="button"
        className="btn to-maintenance"
        data-id={d.id}
        aria-label={`转为维护模式：${deviceName(d)}`}
        onClick={() => {
          clearForm();
          setAsking(d);
        }}
      >
        转为维护模式
      </button>
    ) : (
      <button
        type="button"
        className="btn primary to-normal"
        data-id={d.id}
        aria-label={`恢复正常使用：${deviceName(d)}`}
        onClick={() => void backInUse(d)}
      >
        恢复正常使用
      </button>
    );

  const errors = errorsOf(form);
  const effect = asking ? modeEffect(asking.kind, told) : null;
  const dialogs = (
    <>
      <dialog id="mode-dialog" className="confirm" aria-labelledby="mode-title" ref={ref} onClose={close}>
        {asking && effect ? (
          <form id="mode-form" className="stack" method="dialog" noValidate onSubmit={submit} key={asking.id}>
            <h2 id="mode-title">转为维护模式</h2>
            <p id="mode-effect">
              {deviceName(asking)} 转为维护模式后，{effect.out[0]}
              <strong>不会</strong>
              {effect.out[1]}
            </p>
            <Field label="原因（必填）" name="reason" errors={errors} hint="如：更换电池、清洁探测腔、设备检修">
              <textarea id="mode-reason" required maxLength={DEVICE_MODE_REASON_MAX} autoFocus />
            </Field>
            <ActionNotice action={form} id="mode-form-result" />
            <div className="actions">
              <button type="button" className="btn" id="mode-cancel" onClick={close}>
                返回
              </button>
              <button type="submit" className="btn danger" disabled={form.busy}>
                确认转为维护模式
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
      {options.ask ? null : restore.dialog}
    </>
  );
  return { button, dialogs, action: done };
}
