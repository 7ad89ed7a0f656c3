// Live alarm board: open alarms from /api/alarms, then every change from the SSE feed (/api/live/alarms).
// A new fire alarm beeps and flashes; a card stays until its alarm is resolved.
import { api, currentSession, el, fmtTime } from "./api.ts";

interface AlarmView {
  id: string;
  kind: string;
  kindLabel: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  resolution: string | null;
  occurrences: number;
  startedAt: string;
  address: string | null;
  communityId: string | null;
  device: { id: string; name: string | null; room: string | null };
}
interface AlarmDetail extends AlarmView {
  actions: { action: string; actor: string; note: string | null; at: string }[];
  notifications: { channel: string; recipient: string; template: string; status: string; sentAt: string | null; createdAt: string }[];
  escalation: { level: number; nextStep: { label?: string; at?: string } | null };
}

interface LiveAlarmEvent {
  alarmId: string | null;
  communityId: string | null;
  at: string;
  data: { kind?: string; kindLabel?: string; status?: AlarmView["status"]; deviceId?: string; occurrences?: number };
}

function provisional(e: LiveAlarmEvent): AlarmDetail {
  return {
    id: e.alarmId!,
    kind: e.data.kind ?? "",
    kindLabel: e.data.kindLabel ?? "报警",
    status: e.data.status ?? "ACTIVE",
    resolution: null,
    occurrences: e.data.occurrences ?? 1,
    startedAt: e.at,
    address: null,
    communityId: e.communityId,
    device: { id: e.data.deviceId ?? "", name: null, room: null },
    actions: [],
    notifications: [],
    escalation: { level: 0, nextStep: null },
  };
}

const ACTION: Record<string, string> = { raised: "报警", notified: "已通知", repeated: "再次报警", acknowledged: "确认处理", dispatched: "派人", note: "备注", resolved: "处置完毕", escalated: "升级通知", muted: "消音" };
const STATUS: Record<string, string> = { ACTIVE: "未处理", ACKNOWLEDGED: "处理中", RESOLVED: "已处置" };
const RESOLUTIONS: [string, string][] = [
  ["FALSE_ALARM", "误报（油烟、水汽等）"],
  ["REAL_FIRE", "真实火情（上报119）"],
  ["TEST", "测试"],
  ["DEVICE_FAULT", "设备故障"],
];

const board = document.getElementById("alarms")!;
const live = document.getElementById("live")!;
const filter = document.getElementById("kind") as HTMLSelectElement;
const cards = new Map<string, HTMLElement>();
let audio: AudioContext | null = null;

/** Two short 880 Hz tones; browsers allow sound only after the page was clicked once (the sound button). */
function beep(): void {
  try {
    audio ??= new AudioContext();
    for (const start of [0, 0.35]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + start);
      osc.stop(audio.currentTime + start + 0.25);
    }
  } catch {
    /* no audio device: the flashing card still shows */
  }
}

const communityFilter = document.getElementById("community") as HTMLSelectElement;

function applyFilter(card: HTMLElement): void {
  const kindOut = filter.value !== "" && (filter.value === "FIRE" ? card.dataset.kind !== "FIRE" : card.dataset.kind === "FIRE");
  const placeOut = communityFilter.value !== "" && card.dataset.community !== communityFilter.value;
  card.hidden = kindOut || placeOut;
}

/** "staff:<id>" -> "工作人员"; the ids mean nothing on a wall display. */
const ACTOR: Record<string, string> = { staff: "工作人员", resident: "住户", device: "设备", system: "系统" };
const actor = (a: string) => ACTOR[a.split(":")[0] ?? ""] ?? a;

function timeline(a: AlarmDetail): HTMLElement {
  const d = el("details", {}, el("summary", {}, `处置记录与通知（${a.actions.length} / ${a.notifications.length}）`));
  d.append(el("ol", {}, ...a.actions.map((x) => el("li", {}, `${fmtTime(x.at)} ${ACTION[x.action] ?? x.action} · ${actor(x.actor)}${x.note ? `：${x.note}` : ""}`))));
  if (a.escalation.nextStep?.label) d.append(el("p", {}, `下一步升级：${a.escalation.nextStep.label}`));
  d.append(el("ol", { class: "notifications" }, ...a.notifications.map((n) => el("li", {}, `${fmtTime(n.sentAt ?? n.createdAt)} ${n.channel} → ${n.recipient}：${n.status}`))));
  return d;
}

/** What a card shows that can change; an update that changes none of it leaves the card alone. */
const signature = (a: AlarmDetail) => [a.status, a.occurrences, a.address, a.actions.length, a.notifications.map((n) => n.status).join(), a.escalation.nextStep?.label].join("|");

function render(a: AlarmDetail): void {
  const old = cards.get(a.id);
  if (a.status === "RESOLVED") {
    old?.remove();
    cards.delete(a.id);
    return;
  }
  if (old && old.dataset.sig === signature(a)) return;
  const note = el("input", { type: "text", placeholder: "备注（谁去了、看到什么）", maxlength: "500", "aria-label": "备注" });
  const resolution = el("select", { "aria-label": "处置结果" }, ...RESOLUTIONS.map(([v, l]) => el("option", { value: v }, l)));
  const act = (label: string, cls: string, run: () => Promise<unknown>) => {
    const b = el("button", { type: "button", class: `btn ${cls}` }, label);
    b.addEventListener("click", () => {
      b.disabled = true;
      run()
        .then(() => refresh(a.id))
        .catch((e: Error) => alert(e.message))
        .finally(() => (b.disabled = false));
    });
    return b;
  };
  const card = el(
    "article",
    { class: `alarm ${a.kind} ${a.status}`, "data-id": a.id, "data-kind": a.kind, "data-status": a.status, "data-community": a.communityId ?? "" },
    el("h3", {}, `${a.kindLabel} · ${a.address ?? a.device.id}`),
    el("div", { class: "meta" }, el("span", { class: `status ${a.status}` }, STATUS[a.status] ?? a.status), ` ${fmtTime(a.startedAt)} · ${a.device.name ?? a.device.id}${a.device.room ? `（${a.device.room}）` : ""} · 共 ${a.occurrences} 次`),
    el(
      "div",
      { class: "actions" },
      a.status === "ACTIVE" ? act("确认处理", "primary ack", () => api("POST", `/api/alarms/${a.id}/ack`, {})) : null,
      note,
      act("添加备注", "note", () => (note.value.trim() ? api("POST", `/api/alarms/${a.id}/notes`, { note: note.value.trim() }) : Promise.reject(new Error("请先填写备注")))),
      resolution,
      act("处置完毕", "danger resolve", () => api("POST", `/api/alarms/${a.id}/resolve`, { resolution: resolution.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) })),
    ),
    timeline(a),
  );
  applyFilter(card);
  card.dataset.sig = signature(a);
  if (old) {
    // a re-render (new note, escalation step) keeps what the operator was doing: the open timeline,
    // the note being typed, the chosen resolution, the focus
    if (old.querySelector("details")?.open) card.querySelector("details")!.open = true;
    const oldNote = old.querySelector<HTMLInputElement>("input[aria-label='备注']");
    if (oldNote?.value) note.value = oldNote.value;
    resolution.value = old.querySelector<HTMLSelectElement>("select[aria-label='处置结果']")?.value ?? resolution.value;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    old.replaceWith(card);
    if (focused === oldNote) note.focus();
  }
  else board.prepend(card);
  cards.set(a.id, card);
  document.getElementById("empty")!.hidden = cards.size > 0;
}

async function refresh(id: string): Promise<void> {
  render(await api<AlarmDetail>("GET", `/api/alarms/${id}`));
  document.getElementById("empty")!.hidden = cards.size > 0;
}

async function connect(): Promise<void> {
  const s = await currentSession();
  const es = new EventSource(`/api/live/alarms?access_token=${encodeURIComponent(s.accessToken)}`);
  es.addEventListener("hello", () => {
    live.textContent = "实时连接正常";
    live.classList.add("on");
    // a new stream (token renewed after an outage) cannot replay what it missed: reload the open alarms
    if (document.body.dataset.ready === "1") void loadOpen();
  });
  const onEvent = (ev: MessageEvent<string>) => {
    const e = JSON.parse(ev.data) as LiveAlarmEvent;
    if (!e.alarmId) return;
    const isNew = !cards.has(e.alarmId);
    // show a new alarm at once from the event itself; its address and timeline follow with the detail
    if (isNew && ev.type === "alarm" && e.data.status && e.data.status !== "RESOLVED") {
      render(provisional(e));
      if (e.data.kind === "FIRE") beep();
    }
    void refresh(e.alarmId);
  };
  es.addEventListener("alarm", onEvent);
  es.addEventListener("escalation", onEvent);
  es.onerror = () => {
    live.textContent = "实时连接中断，正在重连…";
    live.classList.remove("on");
    // an expired token: EventSource cannot renew it, so start over with a fresh one
    if (es.readyState === EventSource.CLOSED) void currentSession(true).then(connect);
  };
}

async function start(): Promise<void> {
  document.getElementById("sound")!.addEventListener("click", () => {
    beep();
    (document.getElementById("sound") as HTMLButtonElement).textContent = "声音已开启";
  });
  filter.addEventListener("change", () => cards.forEach(applyFilter));
  communityFilter.addEventListener("change", () => cards.forEach(applyFilter));
  void api<{ items: { id: string; name: string }[] }>("GET", "/api/communities").then((r) => {
    for (const c of r.items) communityFilter.append(el("option", { value: c.id }, c.name));
  });
  await connect(); // subscribe first so nothing raised while the list loads is missed
  await loadOpen();
  document.body.dataset.ready = "1";
}

/** Cards for every open alarm, and none for an alarm closed while the board was not listening. */
async function loadOpen(): Promise<void> {
  const open = await api<{ total: number; items: AlarmView[] }>("GET", "/api/alarms?status=open&limit=200");
  const ids = new Set(open.items.map((a) => a.id));
  for (const [id, card] of cards) {
    if (ids.has(id)) continue;
    card.remove();
    cards.delete(id);
  }
  await Promise.all(open.items.reverse().map((a) => refresh(a.id)));
  document.getElementById("empty")!.hidden = cards.size > 0;
}

void start();
