// 实时报警 (issue 8): the open alarms of the caller's scope from /api/alarms, then every change from the live
// feed (/api/live/alarms). A new fire alarm beeps, notifies the desktop and flashes the tab title until it
// is taken; a card stays until its alarm is resolved. Closing one asks for an outcome, then a confirmation
// that says what will happen, then leaves an undo window before anything is sent: a misclick cannot close
// a fire (issue 22). A networked unit's fire signal is closed with its verdict (AlarmCard.tsx): the dialog says
// what the verdict does with 119 (a real fire is reported; no fire stops the reports and withdraws one made).
// A push to this person is said as on 火警确认 (components/PushLines.tsx): about an alarm, the red banner and a beep;
// a routine notice, a quiet line of its own.
import { useCallback, useEffect, useRef, useState } from "react";
import type {
  AlarmDetail,
  AlarmListResponse,
  AlarmPhoto,
  AlarmSummary,
  DispatchableResponse,
} from "@anxin/contract/alarms";
import type { CommunityListResponse } from "@anxin/contract/households";
import type { LiveAlarmChange, LiveAlarmEvent } from "@anxin/contract/live";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api, fmtTime } from "../../client/api.ts";
import { SoundBanner, SoundState, useAlarmSound } from "../components/AlarmSound.tsx";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { Page } from "../components/Page.tsx";
import { PushLines, usePushLines } from "../components/PushLines.tsx";
import { beep, flashTitle, notifyDesktop } from "../lib/alarm-sound.ts";
import { useLiveFeed } from "../lib/live.ts";
import { useSession } from "../session.ts";
import {
  AlarmCard,
  alarmPlace,
  byVerdict,
  outcomes,
  useImage,
  type CardAlarm,
  type Dispatchable,
} from "./AlarmCard.tsx";

/** How long a confirmed 处置完毕 can still be taken back before it is sent (issue 22: one misclick closed a fire). */
const UNDO_SECONDS = 10;
const TITLE = "实时报警";

interface PendingResolve {
  label: string;
  sendAt: number;
}

/** A card for a new alarm at once, from the event itself; its address and timeline follow with the detail. */
const provisional = (
  id: string,
  e: Pick<LiveAlarmEvent, "at" | "communityId">,
  change: LiveAlarmChange,
): CardAlarm => ({
  id,
  kind: change.kind,
  kindLabel: change.kindLabel,
  status: change.status,
  occurrences: change.occurrences,
  startedAt: e.at,
  address: null,
  location: null,
  unitName: null,
  unitId: null,
  verdict: null,
  report119: change.report119,
  communityId: e.communityId,
  device: { id: change.deviceId, name: null, room: null },
  dispatchedTo: null,
  dispatchedAt: null,
  photos: [],
  actions: [],
  notifications: [],
  escalation: { level: 0, nextStep: null },
});

export default function Board() {
  const session = useSession();
  const [alarms, setAlarms] = useState<ReadonlyMap<string, CardAlarm>>(() => new Map());
  const [messages, setMessages] = useState<Readonly<Record<string, string>>>({});
  /** confirmed resolutions waiting out their undo window (the timers that will send them are in `timers`) */
  const [pending, setPending] = useState<Readonly<Record<string, PendingResolve>>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const [kind, setKind] = useState("");
  const [community, setCommunity] = useState("");
  const [communities, setCommunities] = useState<{ id: string; name: string }[]>([]);
  const { push, notice, say: sayPush } = usePushLines();
  const sound = useAlarmSound();
  const [hello, setHello] = useState(false);
  const ready = useRef(false);
  const sendable = useRef(new Map<string, Promise<Dispatchable[]>>());
  const confirm = useConfirm("返回，不结束");

  const say = useCallback(
    (id: string, text: string | null) =>
      setMessages((m) => {
        const next = { ...m };
        if (text) next[id] = text;
        else delete next[id];
        return next;
      }),
    [],
  );

  const drop = useCallback((id: string) => {
    const timer = timers.current.get(id);
    if (timer === undefined) return;
    clearTimeout(timer); // closed elsewhere meanwhile: nothing left to send
    timers.current.delete(id);
    setPending((m) => {
      const next = { ...m };
      delete next[id];
      return next;
    });
  }, []);

  const show = useCallback(
    (a: CardAlarm) => {
      if (a.status === "RESOLVED") drop(a.id);
      setAlarms((m) => {
        const next = new Map(m);
        if (a.status === "RESOLVED") next.delete(a.id);
        else next.set(a.id, a);
        return next;
      });
    },
    [drop],
  );

  const refresh = useCallback(
    async (id: string) => {
      try {
        show(await api<AlarmDetail>("GET", `/api/alarms/${id}`));
      } catch {
        /* gone from this scope or the network hiccuped: the next event or reload brings it right */
      }
    },
    [show],
  );

  /** Cards for every open alarm, and none for an alarm closed while the board was not listening. */
  const showOpen = useCallback(
    async (open: { items: AlarmSummary[] }) => {
      const ids = new Set(open.items.map((a) => a.id));
      setAlarms((m) => new Map([...m].filter(([id]) => ids.has(id))));
      await Promise.all(open.items.map((a) => refresh(a.id)));
    },
    [refresh],
  );
  const openAlarms = () => api<AlarmListResponse>("GET", "/api/alarms?status=open&limit=200");

  useEffect(() => {
    let live = true;
    void api<CommunityListResponse>("GET", "/api/communities").then(
      (r) => live && setCommunities(r.items),
      () => undefined,
    );
    void openAlarms()
      .then(showOpen)
      .then(() => {
        if (!live) return;
        ready.current = true;
        document.body.dataset.ready = "1";
      });
    const waiting = timers.current;
    return () => {
      live = false;
      delete document.body.dataset.ready;
      for (const timer of waiting.values()) clearTimeout(timer);
    };
  }, [showOpen]);

  const connected = useLiveFeed(
    "/api/live/alarms",
    (type, data) => {
      if (type === "hello") {
        setHello(true);
        // a new stream (renewed after an outage) cannot replay what it missed: load the open alarms again
        if (ready.current) void openAlarms().then(showOpen, () => undefined);
        return;
      }
      if (type === "push") {
        // a message for this staff member only, said on screen; one about an alarm brings its card up to date
        if (sayPush(data) && data.alarmId) void refresh(data.alarmId);
        return;
      }
      const id = data.alarmId;
      if (!id) return;
      // an alarm's own change (not the centre's steps on a unit's alarm) makes its card at once
      const change = type === "alarm" && "outcome" in data.data ? data.data : null;
      if (change && !alarms.has(id) && change.status !== "RESOLVED") {
        show(provisional(id, data, change));
        if (change.kind === "FIRE") {
          beep();
          notifyDesktop(id, change.kindLabel);
        }
      }
      void refresh(id);
    },
    ["hello", "alarm", "escalation", "push"],
  );

  // fire alarms nobody has taken: the tab title flashes until they are acknowledged
  const untakenFires = [...alarms.values()].filter((a) => a.kind === "FIRE" && a.status === "ACTIVE").length;
  useEffect(() => flashTitle(untakenFires, `${TITLE} · 安心消防管理台`), [untakenFires]);

  const sendResolve = useCallback(
    (id: string, resolution: string, note: string | undefined) => {
      timers.current.delete(id);
      api("POST", `/api/alarms/${id}/resolve`, { resolution, ...(note ? { note } : {}) })
        .then(() => refresh(id))
        .catch((e: Error) => refresh(id).then(() => say(id, `未能结束处置：${e.message}`)))
        .finally(() =>
          setPending((m) => {
            const next = { ...m };
            delete next[id];
            return next;
          }),
        );
    },
    [refresh, say],
  );

  const askResolve = (a: CardAlarm, resolution: string, note: string) => {
    const label = outcomes(a).find(([v]) => v === resolution)?.[1] ?? "所选结果";
    const where = alarmPlace(a);
    const lines = [`把「${a.kindLabel} · ${where}」记为「${label}」并结束处置？`];
    if (byVerdict(a) && !a.verdict)
      lines.push(
        resolution === "REAL_FIRE"
          ? "这是联网单位的火警：确认为真实火警后，系统立即把火警报告 119，直至 119 收到。"
          : a.report119
            ? "此报警已超时，已按真实火警报告 119：确认后系统停止推送，并立即向 119 发送撤警通报；119 是否收到见“火警确认”的“最近已确认”。"
            : "这是联网单位的火警：确认后不再报告 119。",
      );
    lines.push("结束后不再通知、不再升级，卡片从看板移除。");
    if (a.kind === "FIRE" && (resolution === "FALSE_ALARM" || resolution === "TEST"))
      lines.push("这是火警：请确认已有人到现场看过。");
    lines.push(`确认后 ${UNDO_SECONDS} 秒内可以撤销。`);
    void confirm.ask(lines, "确认结束处置").then((ok) => {
      if (!ok) return;
      drop(a.id);
      timers.current.set(
        a.id,
        setTimeout(() => sendResolve(a.id, resolution, note || undefined), UNDO_SECONDS * 1000),
      );
      setPending((m) => ({ ...m, [a.id]: { label, sendAt: Date.now() + UNDO_SECONDS * 1000 } }));
      say(a.id, null);
    });
  };

  const undo = (id: string) => {
    drop(id);
    void refresh(id).then(() => say(id, "已撤销，报警仍未处置"));
  };

  const dispatchable = useCallback((id: string) => {
    let list = sendable.current.get(id);
    if (!list) {
      list = api<DispatchableResponse>("GET", `/api/alarms/${id}/dispatchable`).then((r) => r.items);
      list.catch(() => sendable.current.delete(id));
      sendable.current.set(id, list);
    }
    return list;
  }, []);
  const [photo, setPhoto] = useState<{ photo: AlarmPhoto; from: HTMLElement } | null>(null);
  const cards = [...alarms.values()].sort((x, y) => y.startedAt.localeCompare(x.startedAt));
  const hiddenByFilter = (a: CardAlarm) =>
    (kind !== "" && (kind === "FIRE" ? a.kind !== "FIRE" : a.kind === "FIRE")) ||
    (community !== "" && a.communityId !== community);
  const liveOn = connected && hello;

  return (
    <Page title={TITLE}>
      <div className="filters noprint">
        <label>
          小区{" "}
          <select id="community" value={community} onChange={(e) => setCommunity(e.target.value)}>
            <option value="">全部</option>
            {communities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          类型{" "}
          <select id="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">全部</option>
            <option value="FIRE">火警</option>
            <option value="OTHER">设备类报警</option>
          </select>
        </label>
        <span id="live" className={liveOn ? "live on" : "live"}>
          {liveOn ? "实时连接正常" : hello ? "实时连接中断，正在重连…" : "正在连接实时推送…"}
        </span>
        <SoundState on={sound.on} />
      </div>
      <SoundBanner on={sound.on} enable={sound.enable} />
      <PushLines push={push} notice={notice} />
      <p id="empty" className="notice" hidden={cards.length > 0}>
        目前没有未处置的报警。
      </p>
      <section id="alarms" className="alarms" aria-live="polite">
        {cards.map((a) => {
          const p = pending[a.id];
          return (
            <AlarmCard
              key={a.id}
              alarm={a}
              hidden={hiddenByFilter(a)}
              mayDispatch={inRoleSet(ROLE_SETS.propertyDesk, session.role)}
              mayGiveVerdict={inRoleSet(ROLE_SETS.fireConfirmers, session.role)}
              dispatchable={dispatchable}
              message={messages[a.id] ?? null}
              setMessage={(text) => say(a.id, text)}
              pending={p ?? null}
              refresh={() => refresh(a.id)}
              askResolve={askResolve}
              undo={() => undo(a.id)}
              openPhoto={(photo, from) => setPhoto({ photo, from })}
            />
          );
        })}
      </section>
      {confirm.dialog}
      <PhotoViewer photo={photo?.photo ?? null} onClose={() => setPhoto((p) => (p?.from.focus(), null))} />
    </Page>
  );
}

/** The full-size photo in a modal dialog (Esc or the button closes it and focus returns to the thumbnail). */
function PhotoViewer(props: { photo: AlarmPhoto | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const p = props.photo;
  const full = useImage(p?.url ?? null);
  const { onClose } = props;
  useEffect(() => {
    const d = ref.current;
    if (d && p && !d.open) d.showModal();
  }, [p]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    d.addEventListener("close", onClose);
    return () => d.removeEventListener("close", onClose);
  }, [onClose]);
  return (
    <dialog id="photo-viewer" className="photo-viewer" aria-label="现场照片" ref={ref}>
      <figure>
        <img alt={p?.caption ?? "现场照片"} src={full.src ?? undefined} />
        <figcaption>
          {p ? (full.failed ? "照片无法加载" : `${p.caption ?? "现场照片"} · ${p.uploadedBy} · ${fmtTime(p.at)}`) : ""}
        </figcaption>
      </figure>
      <button type="button" className="btn" onClick={() => ref.current?.close()}>
        关闭
      </button>
    </dialog>
  );
}
