// Live alarm board: open alarms from /api/alarms, then every change from the SSE feed (/api/live/alarms).
// A new fire alarm beeps and flashes; a card stays until its alarm is resolved.
import { api, currentSession, el, fmtTime, imageUrl, upload } from "./api.ts";

interface AlarmView {
  id: string;
  kind: string;
  kindLabel: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  resolution: string | null;
  occurrences: number;
  startedAt: string;
  address: string | null;
  /** a networked unit's alarm: where in the unit (a panel's component, in words) */
  location?: string | null;
  communityId: string | null;
  device: { id: string; name: string | null; room: string | null };
  dispatchedTo: { id: string; name: string; phone: string } | null;
  dispatchedAt: string | null;
}
interface Photo {
  id: string;
  caption: string | null;
  uploadedBy: string;
  at: string;
  url: string;
  thumbUrl: string;
}
interface Dispatchable {
  id: string;
  name: string;
  role: string;
  phone: string;
  onDuty: boolean;
}
interface AlarmDetail extends AlarmView {
  photos: Photo[];
  actions: { action: string; actor: string; note: string | null; at: string }[];
  notifications: {
    channel: string;
    recipient: string;
    recipientName: string | null;
    template: string;
    status: string;
    statusLabel: string;
    sentAt: string | null;
    deliveredAt: string | null;
    createdAt: string;
  }[];
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
    dispatchedTo: null,
    dispatchedAt: null,
    photos: [],
    actions: [],
    notifications: [],
    escalation: { level: 0, nextStep: null },
  };
}

const ACTION: Record<string, string> = {
  raised: "报警",
  notified: "已通知",
  repeated: "再次报警",
  acknowledged: "确认处理",
  dispatched: "派遣",
  photo: "照片",
  note: "备注",
  resolved: "处置完毕",
  escalated: "升级通知",
  muted: "消音",
};
const STATUS: Record<string, string> = { ACTIVE: "未处理", ACKNOWLEDGED: "处理中", RESOLVED: "已处置" };
const RESOLUTIONS: [string, string][] = [
  ["REAL_FIRE", "真实火情（已上报119）"],
  ["FALSE_ALARM", "误报（油烟、水汽等）"],
  ["TEST", "测试"],
  ["DEVICE_FAULT", "设备故障"],
];
/** How long a confirmed 处置完毕 can still be taken back before it is sent (issue 22: one misclick closed a fire). */
const UNDO_SECONDS = 10;
/** A confirmed resolution waiting out its undo window; kept outside the card, which a live update redraws. */
interface PendingResolve {
  resolution: string;
  label: string;
  note: string | undefined;
  sendAt: number;
  timer: ReturnType<typeof setTimeout>;
}
const pending = new Map<string, PendingResolve>();

const board = document.getElementById("alarms")!;
const live = document.getElementById("live")!;
const filter = document.getElementById("kind") as HTMLSelectElement;
const cards = new Map<string, HTMLElement>();
/** roles that may send a staff member (the API decides; this only hides a control that would be refused) */
const DISPATCHERS = new Set(["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"]);
let myRole = "";
/** who can be sent to each alarm, loaded once per alarm (the list changes only with the roster) */
const sendable = new Map<string, Promise<Dispatchable[]>>();
/** blob: URLs of photos already fetched (the images need the access token, so no plain <img src>) */
const images = new Map<string, Promise<string>>();
const viewer = document.getElementById("photo-viewer") as HTMLDialogElement;

function image(url: string): Promise<string> {
  let p = images.get(url);
  if (!p) {
    p = imageUrl(url);
    p.catch(() => images.delete(url));
    images.set(url, p);
  }
  return p;
}

/** The full-size photo in a modal dialog (Esc or the button closes it and focus returns to the thumbnail). */
function openPhoto(photo: Photo, from: HTMLElement): void {
  const img = viewer.querySelector("img")!;
  img.removeAttribute("src");
  img.alt = photo.caption ?? "现场照片";
  viewer.querySelector("figcaption")!.textContent =
    `${photo.caption ?? "现场照片"} · ${photo.uploadedBy} · ${fmtTime(photo.at)}`;
  void image(photo.url)
    .then((u) => (img.src = u))
    .catch((e: Error) => (viewer.querySelector("figcaption")!.textContent = e.message));
  viewer.onclose = () => from.focus();
  viewer.showModal();
}

function photoStrip(a: AlarmDetail): HTMLElement {
  const strip = el("div", { class: "photos" });
  for (const p of a.photos) {
    const img = el("img", { alt: p.caption ?? "现场照片", width: "96", height: "72" });
    const b = el(
      "button",
      {
        type: "button",
        class: "thumb",
        "data-photo": p.id,
        "aria-label": `查看照片${p.caption ? `：${p.caption}` : ""}（${fmtTime(p.at)}）`,
      },
      img,
    );
    void image(p.thumbUrl)
      .then((u) => (img.src = u))
      .catch(() => (img.alt = "照片无法加载"));
    b.addEventListener("click", () => openPhoto(p, b));
    strip.append(b);
  }
  return strip;
}

/** The 派遣 control: the managing company's people, on duty first. */
function dispatchControl(a: AlarmDetail, done: () => void): HTMLElement | null {
  if (!DISPATCHERS.has(myRole)) return null;
  const pick = el(
    "select",
    { "aria-label": "派遣人员", class: "dispatch-to" },
    el("option", { value: "" }, "选择派遣人员…"),
  );
  let list = sendable.get(a.id);
  if (!list) {
    list = api<{ items: Dispatchable[] }>("GET", `/api/alarms/${a.id}/dispatchable`).then((r) => r.items);
    list.catch(() => sendable.delete(a.id));
    sendable.set(a.id, list);
  }
  void list.then((people) => {
    for (const s of people)
      pick.append(el("option", { value: s.id }, `${s.name}${s.onDuty ? "（值班中）" : ""} ${s.phone}`));
    if (pick.dataset.want) pick.value = pick.dataset.want;
  });
  const send = el("button", { type: "button", class: "btn dispatch" }, a.dispatchedTo ? "改派" : "派遣");
  send.addEventListener("click", () => {
    if (!pick.value) {
      alert("请先选择派遣人员");
      pick.focus();
      return;
    }
    send.disabled = true;
    api("POST", `/api/alarms/${a.id}/dispatch`, { staffUserId: pick.value })
      .then(done)
      .catch((e: Error) => alert(e.message))
      .finally(() => (send.disabled = false));
  });
  return el("span", { class: "dispatch-control" }, pick, send);
}

function photoUpload(a: AlarmDetail, done: () => void): HTMLElement {
  const input = el("input", {
    type: "file",
    accept: "image/jpeg,image/png,image/webp",
    class: "photo-input",
    "aria-label": "上传现场照片",
  });
  const status = el("span", { class: "upload-status", role: "status" });
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    if (file.size > 8 * 1024 * 1024) {
      status.textContent = "照片不能超过 8 MB";
      return;
    }
    status.textContent = "正在上传…";
    input.disabled = true;
    upload(`/api/alarms/${a.id}/photos`, file)
      .then(() => {
        status.textContent = "已上传";
        done();
      })
      .catch((e: Error) => (status.textContent = e.message))
      .finally(() => {
        input.disabled = false;
        input.value = "";
      });
  });
  // a Chinese button over the browser's "Choose File" (issue 22 item 8); the input inside stays focusable
  return el(
    "label",
    { class: "upload file-pick" },
    input,
    el("span", { class: "btn file-button" }, "上传现场照片…"),
    status,
  );
}
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
  const kindOut =
    filter.value !== "" && (filter.value === "FIRE" ? card.dataset.kind !== "FIRE" : card.dataset.kind === "FIRE");
  const placeOut = communityFilter.value !== "" && card.dataset.community !== communityFilter.value;
  card.hidden = kindOut || placeOut;
}

/** "staff:<id>" -> "工作人员"; the ids mean nothing on a wall display. */
const ACTOR: Record<string, string> = { staff: "工作人员", resident: "住户", device: "设备", system: "系统" };
const actor = (a: string) => ACTOR[a.split(":")[0] ?? ""] ?? a;
const CHANNEL: Record<string, string> = { WECHAT: "微信", SMS: "短信", VOICE: "电话", PUSH: "管理台推送" };

function timeline(a: AlarmDetail): HTMLElement {
  const d = el("details", {}, el("summary", {}, `处置记录与通知（${a.actions.length} / ${a.notifications.length}）`));
  d.append(
    el(
      "ol",
      {},
      ...a.actions.map((x) =>
        el(
          "li",
          {},
          `${fmtTime(x.at)} ${ACTION[x.action] ?? x.action} · ${actor(x.actor)}${x.note ? `：${x.note}` : ""}`,
        ),
      ),
    ),
  );
  if (a.escalation.nextStep?.label) d.append(el("p", {}, `下一步升级：${a.escalation.nextStep.label}`));
  d.append(
    el(
      "ol",
      { class: "notifications" },
      ...a.notifications.map((n) =>
        el(
          "li",
          {},
          `${fmtTime(n.sentAt ?? n.createdAt)} ${CHANNEL[n.channel] ?? n.channel} → ${n.recipientName ?? actor(n.recipient)}：${n.statusLabel}${n.deliveredAt ? ` ${fmtTime(n.deliveredAt)}` : ""}`,
        ),
      ),
    ),
  );
  return d;
}

/** What a card shows that can change; an update that changes none of it leaves the card alone. */
const signature = (a: AlarmDetail) =>
  [
    a.status,
    a.occurrences,
    a.address,
    a.actions.length,
    a.notifications.map((n) => n.status).join(),
    a.escalation.nextStep?.label,
    a.dispatchedTo?.id,
    a.dispatchedAt,
    a.photos.length,
    pending.has(a.id),
  ].join("|");

function render(a: AlarmDetail): void {
  const old = cards.get(a.id);
  if (a.status === "RESOLVED") {
    const p = pending.get(a.id);
    if (p) clearTimeout(p.timer); // closed elsewhere meanwhile: nothing left to send
    pending.delete(a.id);
    old?.remove();
    cards.delete(a.id);
    updateAttention();
    return;
  }
  if (old && old.dataset.sig === signature(a)) return;
  const note = el("input", {
    type: "text",
    placeholder: "备注（谁去了、看到什么）",
    maxlength: "500",
    "aria-label": "备注",
  });
  // no outcome is chosen for the operator: closing a fire needs an explicit one
  const resolution = el(
    "select",
    { "aria-label": "处置结果" },
    el("option", { value: "" }, "选择处置结果…"),
    ...RESOLUTIONS.map(([v, l]) => el("option", { value: v }, l)),
  );
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
    {
      class: `alarm ${a.kind} ${a.status}`,
      "data-id": a.id,
      "data-kind": a.kind,
      "data-status": a.status,
      "data-community": a.communityId ?? "",
    },
    el("h2", {}, `${a.kindLabel} · ${a.address ?? a.location ?? a.device.id}`),
    el(
      "div",
      { class: "meta" },
      el("span", { class: `status ${a.status}` }, STATUS[a.status] ?? a.status),
      ` ${fmtTime(a.startedAt)} · ${a.device.name ?? a.device.id}${a.device.room ? `（${a.device.room}）` : ""} · 共 ${a.occurrences} 次`,
    ),
    a.dispatchedTo
      ? el(
          "p",
          { class: "dispatched" },
          `已派遣：${a.dispatchedTo.name}（${a.dispatchedTo.phone}）· ${fmtTime(a.dispatchedAt)}`,
        )
      : null,
    el(
      "div",
      { class: "actions" },
      a.status === "ACTIVE" ? act("确认处理", "primary ack", () => api("POST", `/api/alarms/${a.id}/ack`, {})) : null,
      note,
      act("添加备注", "note", () =>
        note.value.trim()
          ? // emptied once saved (before the card is redrawn, which would carry a typed note over)
            api("POST", `/api/alarms/${a.id}/notes`, { note: note.value.trim() }).then(() => (note.value = ""))
          : Promise.reject(new Error("请先填写备注")),
      ),
      resolution,
      resolveButton(a, resolution, note),
    ),
    pending.has(a.id) ? undoBar(a.id) : null,
    a.escalation.nextStep?.label
      ? el(
          "p",
          { class: "next-step" },
          `下一步：${a.escalation.nextStep.label}${a.escalation.nextStep.at ? `（${fmtTime(a.escalation.nextStep.at)}）` : ""}`,
        )
      : null,
    el(
      "div",
      { class: "actions" },
      dispatchControl(a, () => void refresh(a.id)),
      photoUpload(a, () => void refresh(a.id)),
    ),
    a.photos.length ? photoStrip(a) : null,
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
    const chosen = old.querySelector<HTMLSelectElement>("select.dispatch-to")?.value;
    const pick = card.querySelector<HTMLSelectElement>("select.dispatch-to");
    if (chosen && pick) pick.dataset.want = chosen;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    old.replaceWith(card);
    if (focused === oldNote) note.focus();
    else if (focused instanceof HTMLElement) keepFocus(focused, card);
  } else board.prepend(card);
  cards.set(a.id, card);
  document.getElementById("empty")!.hidden = cards.size > 0;
  updateAttention();
}

/**
 * 处置完毕 asks for an outcome, then a confirmation that says what will happen, then leaves an undo window
 * before anything is sent: a misclick cannot close a fire.
 */
function resolveButton(a: AlarmDetail, resolution: HTMLSelectElement, note: HTMLInputElement): HTMLElement {
  const b = el("button", { type: "button", class: "btn danger resolve" }, "处置完毕");
  resolution.addEventListener("change", () => cards.get(a.id)?.querySelector(".card-message")?.remove());
  b.addEventListener("click", () => {
    if (!resolution.value) {
      say(a.id, "请先选择处置结果");
      resolution.focus();
      return;
    }
    const label = RESOLUTIONS.find(([v]) => v === resolution.value)?.[1] ?? resolution.value;
    const where = a.address ?? a.device.name ?? a.device.id;
    const lines = [`把「${a.kindLabel} · ${where}」记为「${label}」并结束处置？`];
    lines.push("结束后不再通知、不再升级，卡片从看板移除。");
    if (a.kind === "FIRE" && (resolution.value === "FALSE_ALARM" || resolution.value === "TEST"))
      lines.push("这是火警：请确认已有人到现场看过。");
    lines.push(`确认后 ${UNDO_SECONDS} 秒内可以撤销。`);
    void confirmDialog(lines, "确认结束处置").then((ok) => {
      if (!ok) return;
      const value = resolution.value;
      const text = note.value.trim() || undefined;
      const timer = setTimeout(() => sendResolve(a.id), UNDO_SECONDS * 1000);
      pending.set(a.id, { resolution: value, label, note: text, sendAt: Date.now() + UNDO_SECONDS * 1000, timer });
      void refresh(a.id);
    });
  });
  return b;
}

function sendResolve(id: string): void {
  const p = pending.get(id);
  if (!p) return;
  api("POST", `/api/alarms/${id}/resolve`, { resolution: p.resolution, ...(p.note ? { note: p.note } : {}) })
    .then(() => {
      pending.delete(id);
      return refresh(id);
    })
    .catch((e: Error) => {
      pending.delete(id);
      void refresh(id).then(() => say(id, `未能结束处置：${e.message}`));
    });
}

/** The bar a card shows while its confirmed resolution can still be taken back. */
function undoBar(id: string): HTMLElement {
  const p = pending.get(id)!;
  const left = () => Math.max(0, Math.ceil((p.sendAt - Date.now()) / 1000));
  const text = el("span", {}, `${left()} 秒后记为「${p.label}」并结束处置`);
  const tick = setInterval(() => {
    if (!text.isConnected) return clearInterval(tick);
    text.textContent = `${left()} 秒后记为「${p.label}」并结束处置`;
  }, 500);
  const undo = el("button", { type: "button", class: "btn primary undo" }, "撤销");
  undo.addEventListener("click", () => {
    clearTimeout(p.timer);
    pending.delete(id);
    void refresh(id).then(() => say(id, "已撤销，报警仍未处置"));
  });
  return el("div", { class: "undo-bar", role: "status" }, text, undo);
}

/** A message on the card itself, where the operator is looking. */
function say(id: string, text: string): void {
  const card = cards.get(id);
  if (!card) return;
  let box = card.querySelector<HTMLElement>(".card-message");
  if (!box) {
    box = el("p", { class: "card-message", role: "alert" });
    card.querySelector(".actions")?.after(box);
  }
  box.textContent = text;
}

const confirmBox = document.getElementById("confirm") as HTMLDialogElement;
/** A modal question with the consequences spelled out; resolves true only on the confirm button. */
function confirmDialog(lines: string[], yes: string): Promise<boolean> {
  const body = confirmBox.querySelector(".confirm-text")!;
  body.replaceChildren(...lines.map((l) => el("p", {}, l)));
  const ok = confirmBox.querySelector<HTMLButtonElement>("button.confirm-yes")!;
  ok.textContent = yes;
  return new Promise((resolve) => {
    confirmBox.returnValue = "";
    confirmBox.onclose = () => resolve(confirmBox.returnValue === "yes");
    confirmBox.showModal();
    confirmBox.querySelector<HTMLButtonElement>("button.confirm-no")!.focus(); // the safe choice has the focus
  });
}

/** Fire alarms nobody has taken: the tab title flashes until they are acknowledged. */
const baseTitle = document.title;
let flash: ReturnType<typeof setInterval> | null = null;
function updateAttention(): void {
  const fires = [...cards.values()].filter((c) => c.dataset.kind === "FIRE" && c.dataset.status === "ACTIVE").length;
  if (!fires) {
    if (flash) clearInterval(flash);
    flash = null;
    document.title = baseTitle;
    return;
  }
  const title = `【火警 ${fires}】未处理 · ${baseTitle}`;
  if (!flash) {
    let on = false;
    flash = setInterval(() => {
      on = !on;
      const now = [...cards.values()].filter((c) => c.dataset.kind === "FIRE" && c.dataset.status === "ACTIVE").length;
      document.title = on ? `【火警 ${now}】未处理 · ${baseTitle}` : `🔥🔥🔥 ${baseTitle}`;
    }, 1000);
  }
  document.title = title;
}

/** A desktop notification for a new fire alarm, when the browser allows them. */
function notifyDesktop(e: LiveAlarmEvent): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  try {
    const n = new Notification(`火警：${e.data.kindLabel ?? "报警"}`, {
      body: "请立即在实时报警看板处理",
      tag: e.alarmId ?? undefined,
      requireInteraction: true,
    });
    n.onclick = () => window.focus();
  } catch {
    /* some browsers allow notifications only from a service worker: the title and sound still work */
  }
}

/** Keyboard users keep their place when a card is redrawn: the same control (by class and label) takes the focus. */
function keepFocus(focused: HTMLElement, card: HTMLElement): void {
  const same = (e: Element) =>
    e.tagName === focused.tagName &&
    e.className === focused.className &&
    e.getAttribute("aria-label") === focused.getAttribute("aria-label") &&
    e.getAttribute("data-photo") === focused.getAttribute("data-photo");
  const match = [...card.querySelectorAll<HTMLElement>("button, select, input, summary")].find(same);
  match?.focus();
}

async function refresh(id: string): Promise<void> {
  render(await api<AlarmDetail>("GET", `/api/alarms/${id}`));
  document.getElementById("empty")!.hidden = cards.size > 0;
}

async function connect(): Promise<void> {
  await currentSession(); // signed in (and the session cookie fresh) before the stream opens
  const es = new EventSource("/api/live/alarms"); // the session cookie goes with it (same site)
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
      if (e.data.kind === "FIRE") {
        beep();
        notifyDesktop(e);
      }
    }
    void refresh(e.alarmId);
  };
  es.addEventListener("alarm", onEvent);
  es.addEventListener("escalation", onEvent);
  // a message for this staff member only (sent to an alarm, or the on-duty step of the chain): say it aloud on screen
  es.addEventListener("push", (ev: MessageEvent<string>) => {
    const e = JSON.parse(ev.data) as {
      alarmId: string | null;
      at: string;
      data: { step?: string; address?: string; room?: string | null; kindLabel?: string; note?: string };
    };
    const d = e.data;
    const box = document.getElementById("push")!;
    box.textContent = `${fmtTime(e.at)} ${d.step ?? "新的通知"}：${d.address ?? ""}${d.room ? ` ${d.room}` : ""} ${d.kindLabel ?? ""}${d.note ? `（${d.note}）` : ""}`;
    box.hidden = false;
    beep();
    if (e.alarmId) void refresh(e.alarmId);
  });
  es.onerror = () => {
    live.textContent = "实时连接中断，正在重连…";
    live.classList.remove("on");
    // an expired session cookie: EventSource cannot renew it, so renew it and start over
    if (es.readyState === EventSource.CLOSED) void currentSession(true).then(connect);
  };
}

async function start(): Promise<void> {
  myRole = (await currentSession()).role;
  viewer.querySelector("button")!.addEventListener("click", () => viewer.close());
  // browsers block sound until the page is clicked: a banner asks once and stays until sound is on
  const banner = document.getElementById("sound-banner")!;
  const soundOn = () => audio?.state === "running";
  banner.hidden = soundOn();
  document.getElementById("sound")!.addEventListener("click", () => {
    beep();
    if (typeof Notification !== "undefined" && Notification.permission === "default")
      void Notification.requestPermission().catch(() => undefined);
    void audio?.resume().then(() => {
      banner.hidden = soundOn();
      if (soundOn()) live.after(el("span", { class: "sound-on" }, "报警声音已开启"));
    });
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
