// One open alarm on the live board: what and where, who was sent, what the chain did and does next, and
// the operator's controls (take it, note, send someone, photos, close it with an outcome). The card keeps
// what the operator was doing (the note being typed, the chosen outcome, the open timeline, the focus)
// when a live update redraws it: React keeps the elements, only their content changes. A networked unit's
// fire signal (the centre chases it: countdown, verdict, 119) is closed with its verdict, in 火警确认's words
// (真实火警, 误报 with its cause, 测试, 设备故障): the API records it as the centre's verdict, so a hand-off to
// 119 stops and 119 is told when it was no fire; a role that gives no verdict is told who does.
import { useEffect, useState } from "react";
import type { AlarmDetail, AlarmPhoto, DispatchableStaff } from "@anxin/contract/alarms";
import {
  ALARM_ACTION_LABEL,
  ALARM_VERDICT_LABEL,
  NOTIFICATION_CHANNEL_LABEL,
  UNIT_FIRE_SIGNAL_KINDS,
} from "@anxin/contract/labels";
import { api, fmtTime, imageUrl, upload } from "../../client/api.ts";

/** What a card shows (the detail, or the provisional one made from a live event before the detail comes). */
export type CardAlarm = Pick<
  AlarmDetail,
  | "id"
  | "kind"
  | "kindLabel"
  | "status"
  | "occurrences"
  | "startedAt"
  | "address"
  | "location"
  | "unitName"
  | "unitId"
  | "verdict"
  | "report119"
  | "communityId"
  | "dispatchedTo"
  | "dispatchedAt"
  | "photos"
  | "actions"
  | "notifications"
  | "escalation"
> & { device: Pick<AlarmDetail["device"], "id" | "name" | "room"> };

/**
 * Where the alarm is, in words: a networked unit's by the unit's name first, then the place in it (a unit has no
 * home address: without its name the brigade could not tell which unit is on fire); a home's by its address.
 */
export const alarmPlace = (a: CardAlarm): string =>
  a.unitName
    ? [a.unitName, a.location].filter(Boolean).join(" · ")
    : (a.address ?? a.location ?? a.device.name ?? a.device.id);

/** a person who may be sent to the home (GET /api/alarms/:id/dispatchable) */
export type Dispatchable = DispatchableStaff;

export const RESOLUTIONS: [string, string][] = [
  ["REAL_FIRE", "真实火情（已上报119）"],
  ["FALSE_ALARM", "误报（油烟、水汽等）"],
  ["TEST", "测试"],
  ["DEVICE_FAULT", "设备故障"],
];

/** A networked unit's fire signal: the centre chases it, and closing it records its verdict. */
export const byVerdict = (a: Pick<CardAlarm, "unitId" | "kind">): boolean =>
  !!a.unitId && (UNIT_FIRE_SIGNAL_KINDS as readonly string[]).includes(a.kind);

/**
 * The outcomes a card offers: a home's (and any other alarm's) as before; a unit's fire signal the centre's
 * verdicts in their words (the API's resolution values, DEVICE_FAULT for 设备故障), only 真实火警 once it was
 * confirmed a real fire.
 */
export function outcomes(a: Pick<CardAlarm, "unitId" | "kind" | "verdict">): [string, string][] {
  if (!byVerdict(a)) return RESOLUTIONS;
  const all: [string, string][] = [
    ["REAL_FIRE", ALARM_VERDICT_LABEL.REAL_FIRE],
    ["FALSE_ALARM", ALARM_VERDICT_LABEL.FALSE_ALARM],
    ["TEST", ALARM_VERDICT_LABEL.TEST],
    ["DEVICE_FAULT", ALARM_VERDICT_LABEL.FAULT],
  ];
  return a.verdict === "REAL_FIRE" ? all.slice(0, 1) : all;
}

const STATUS: Record<string, string> = { ACTIVE: "未处理", ACKNOWLEDGED: "处理中", RESOLVED: "已处置" };
/** "staff:<id>" -> "工作人员"; the ids mean nothing on a wall display. */
const ACTOR: Record<string, string> = { staff: "工作人员", resident: "住户", device: "设备", system: "系统" };
const actor = (a: string) => ACTOR[a.split(":")[0] ?? ""] ?? a;
/** who a message went to when the API names nobody: 119 and its duty desk by name, the rest by kind */
const RECIPIENT: Record<string, string> = { "system:119": "119 指挥中心", "contact:119-duty": "119 值班" };
const recipient = (r: string) => RECIPIENT[r] ?? (r.startsWith("contact:") ? "联系人" : actor(r));
/** a message's channel in the contract's one word (labels.ts), never its code */
const CHANNEL: Record<string, string> = NOTIFICATION_CHANNEL_LABEL;

/** blob: URLs of photos already fetched (the images need the session, so no plain <img src>) */
const images = new Map<string, Promise<string>>();
function image(url: string): Promise<string> {
  let p = images.get(url);
  if (!p) {
    p = imageUrl(url);
    p.catch(() => images.delete(url));
    images.set(url, p);
  }
  return p;
}

export function useImage(url: string | null): { src: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; src: string | null; failed: boolean }>({
    url: null,
    src: null,
    failed: false,
  });
  useEffect(() => {
    if (!url) return;
    let live = true;
    image(url).then(
      (src) => live && setState({ url, src, failed: false }),
      () => live && setState({ url, src: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return state.url === url ? state : { src: null, failed: false };
}

function Thumb(props: { photo: AlarmPhoto; onOpen: (p: AlarmPhoto, from: HTMLElement) => void }) {
  const p = props.photo;
  const img = useImage(p.thumbUrl);
  return (
    <button
      type="button"
      className="thumb"
      data-photo={p.id}
      aria-label={`查看照片${p.caption ? `：${p.caption}` : ""}（${fmtTime(p.at)}）`}
      onClick={(e) => props.onOpen(p, e.currentTarget)}
    >
      <img
        alt={img.failed ? "照片无法加载" : (p.caption ?? "现场照片")}
        width={96}
        height={72}
        src={img.src ?? undefined}
      />
    </button>
  );
}

export interface CardProps {
  alarm: CardAlarm;
  hidden: boolean;
  /** the role may send a staff member (the API decides; this only hides a control that would be refused) */
  mayDispatch: boolean;
  /** the role may give a unit fire signal its verdict (the API decides; a card without one says who does) */
  mayGiveVerdict: boolean;
  dispatchable: (alarmId: string) => Promise<Dispatchable[]>;
  message: string | null;
  setMessage: (text: string | null) => void;
  pending: { label: string; sendAt: number } | null;
  refresh: () => Promise<void>;
  askResolve: (alarm: CardAlarm, resolution: string, note: string) => void;
  undo: () => void;
  openPhoto: (photo: AlarmPhoto, from: HTMLElement) => void;
}

export function AlarmCard(props: CardProps) {
  const a = props.alarm;
  const [note, setNote] = useState("");
  const [resolution, setResolution] = useState("");
  const [busy, setBusy] = useState<string | null>(null);

  const act = (key: string, run: () => Promise<unknown>) => {
    setBusy(key);
    run()
      .then(() => props.refresh())
      .catch((e: Error) => props.setMessage(e.message))
      .finally(() => setBusy(null));
  };

  const unitFire = byVerdict(a);
  const choices = outcomes(a);
  // a unit's fire signal with no verdict yet, for a role that gives none: closed on 火警确认 by those who do
  const waitsForVerdict = unitFire && !a.verdict && !props.mayGiveVerdict;
  const chosen = choices.some(([v]) => v === resolution) ? resolution : "";

  const resolve = () => {
    if (!chosen) {
      props.setMessage("请先选择处置结果");
      document.getElementById(`resolution-${a.id}`)?.focus();
      return;
    }
    if (unitFire && !a.verdict && chosen === "FALSE_ALARM" && !note.trim()) {
      props.setMessage("误报请在备注中填写原因（如油烟、水汽、施工粉尘）");
      document.getElementById(`note-${a.id}`)?.focus();
      return;
    }
    props.setMessage(null);
    props.askResolve(a, chosen, note.trim());
  };

  return (
    <article
      className={`alarm ${a.kind} ${a.status}`}
      data-id={a.id}
      data-kind={a.kind}
      data-status={a.status}
      data-community={a.communityId ?? ""}
      hidden={props.hidden}
    >
      <h2>
        {a.kindLabel} · {alarmPlace(a)}
      </h2>
      <div className="meta">
        <span className={`status ${a.status}`}>{STATUS[a.status] ?? a.status}</span> {fmtTime(a.startedAt)} ·{" "}
        {a.device.name ?? a.device.id}
        {a.device.room ? `（${a.device.room}）` : ""} · 共 {a.occurrences} 次
      </div>
      {a.dispatchedTo ? (
        <p className="dispatched">
          已派遣：{a.dispatchedTo.name}（{a.dispatchedTo.phone}）· {fmtTime(a.dispatchedAt)}
        </p>
      ) : null}
      <div className="actions">
        {a.status === "ACTIVE" ? (
          <button
            type="button"
            className="btn primary ack"
            disabled={busy === "ack"}
            onClick={() => act("ack", () => api("POST", `/api/alarms/${a.id}/ack`, {}))}
          >
            确认处理
          </button>
        ) : null}
        <input
          id={`note-${a.id}`}
          type="text"
          placeholder={unitFire && !a.verdict && !waitsForVerdict ? "备注（误报请写原因）" : "备注（谁去了、看到什么）"}
          maxLength={500}
          aria-label="备注"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <button
          type="button"
          className="btn note"
          disabled={busy === "note"}
          onClick={() =>
            act("note", () =>
              note.trim()
                ? api("POST", `/api/alarms/${a.id}/notes`, { note: note.trim() }).then(() => setNote(""))
                : Promise.reject(new Error("请先填写备注")),
            )
          }
        >
          添加备注
        </button>
        {waitsForVerdict ? (
          <p className="needs-verdict" id={`needs-verdict-${a.id}`}>
            联网单位的火警由消防控制室值班员、单位负责人或监控中心在“火警确认”中确认是否真实火警；确认为误报、测试或设备故障即结束处置。
          </p>
        ) : (
          <>
            {/* no outcome is chosen for the operator: closing a fire needs an explicit one */}
            <select
              id={`resolution-${a.id}`}
              aria-label={unitFire ? "确认结果（火警确认）" : "处置结果"}
              value={chosen}
              onChange={(e) => {
                setResolution(e.target.value);
                props.setMessage(null);
              }}
            >
              <option value="">{unitFire ? "确认是否真实火警…" : "选择处置结果…"}</option>
              {choices.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
            <button type="button" className="btn danger resolve" onClick={resolve}>
              处置完毕
            </button>
          </>
        )}
      </div>
      {props.message ? (
        <p className="card-message" role="alert">
          {props.message}
        </p>
      ) : null}
      {props.pending ? <UndoBar pending={props.pending} undo={props.undo} /> : null}
      {a.escalation.nextStep?.label ? (
        <p className="next-step">
          下一步：{a.escalation.nextStep.label}
          {a.escalation.nextStep.at ? `（${fmtTime(a.escalation.nextStep.at)}）` : ""}
        </p>
      ) : null}
      <div className="actions">
        {props.mayDispatch ? (
          <DispatchControl alarm={a} list={props.dispatchable} refresh={props.refresh} say={props.setMessage} />
        ) : null}
        <PhotoUpload alarmId={a.id} refresh={props.refresh} />
      </div>
      {a.photos.length ? (
        <div className="photos">
          {a.photos.map((p) => (
            <Thumb key={p.id} photo={p} onOpen={props.openPhoto} />
          ))}
        </div>
      ) : null}
      <details>
        <summary>
          处置记录 {a.actions.length} 条 · 通知 {a.notifications.length} 条
        </summary>
        <ol>
          {a.actions.map((x, i) => (
            <li key={i}>
              {fmtTime(x.at)} {ALARM_ACTION_LABEL[x.action] ?? x.action} · {actor(x.actor)}
              {x.note ? `：${x.note}` : ""}
            </li>
          ))}
        </ol>
        {a.escalation.nextStep?.label ? <p>下一步升级：{a.escalation.nextStep.label}</p> : null}
        <ol className="notifications">
          {a.notifications.map((n, i) => (
            <li key={i}>
              {fmtTime(n.sentAt ?? n.createdAt)} {CHANNEL[n.channel] ?? "通知"} →{" "}
              {n.recipientName ?? recipient(n.recipient)}：{n.statusLabel}
              {n.deliveredAt ? ` ${fmtTime(n.deliveredAt)}` : ""}
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}

/** The bar a card shows while its confirmed resolution can still be taken back. */
function UndoBar(props: { pending: { label: string; sendAt: number }; undo: () => void }) {
  const left = () => Math.max(0, Math.ceil((props.pending.sendAt - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    const tick = setInterval(() => setSeconds(Math.max(0, Math.ceil((props.pending.sendAt - Date.now()) / 1000))), 500);
    return () => clearInterval(tick);
  }, [props.pending.sendAt]);
  return (
    <div className="undo-bar" role="status">
      <span>
        {seconds} 秒后记为「{props.pending.label}」并结束处置
      </span>
      <button type="button" className="btn primary undo" onClick={props.undo}>
        撤销
      </button>
    </div>
  );
}

/** The 派遣 control: the managing company's people, on duty first. */
function DispatchControl(props: {
  alarm: CardAlarm;
  list: (alarmId: string) => Promise<Dispatchable[]>;
  refresh: () => Promise<void>;
  say: (text: string | null) => void;
}) {
  const { alarm: a, list } = props;
  const [people, setPeople] = useState<Dispatchable[]>([]);
  const [pick, setPick] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    list(a.id).then(
      (p) => live && setPeople(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [list, a.id]);
  const send = () => {
    if (!pick) {
      props.say("请先选择派遣人员");
      return;
    }
    setBusy(true);
    api("POST", `/api/alarms/${a.id}/dispatch`, { staffUserId: pick })
      .then(() => props.refresh())
      .catch((e: Error) => props.say(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <span className="dispatch-control">
      <select aria-label="派遣人员" className="dispatch-to" value={pick} onChange={(e) => setPick(e.target.value)}>
        <option value="">选择派遣人员…</option>
        {people.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
            {s.onDuty ? "（值班中）" : ""} {s.phone}
          </option>
        ))}
      </select>
      <button type="button" className="btn dispatch" disabled={busy} onClick={send}>
        {a.dispatchedTo ? "改派" : "派遣"}
      </button>
    </span>
  );
}

function PhotoUpload(props: { alarmId: string; refresh: () => Promise<void> }) {
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    // a Chinese button over the browser's "Choose File" (issue 22 item 8); the input inside stays focusable
    <label className="upload file-pick">
      <input
        type="file"
        accept="image/jpeg,image/png,image/webp"
        className="photo-input"
        aria-label="上传现场照片"
        disabled={busy}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          if (file.size > 8 * 1024 * 1024) {
            setStatus("照片不能超过 8 MB");
            return;
          }
          setStatus("正在上传…");
          setBusy(true);
          upload(`/api/alarms/${props.alarmId}/photos`, file)
            .then(() => {
              setStatus("已上传");
              return props.refresh();
            })
            .catch((err: Error) => setStatus(err.message))
            .finally(() => {
              setBusy(false);
              input.value = "";
            });
        }}
      />
      <span className="btn file-button">上传现场照片…</span>
      <span className="upload-status" role="status">
        {status}
      </span>
    </label>
  );
}
