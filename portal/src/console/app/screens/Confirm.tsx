// 火警确认 (issue 17): a unit's fire signals waiting for the control room's (or the centre's) verdict, the
// countdown to each deadline, and the four answers. Each answer is asked once in a <dialog> saying what
// will happen (a real fire goes to 119 at once; a false alarm needs its cause), then sent to
// POST /api/centre/alarms/:id/verdict. The list (GET /api/centre/board) is read again every 10 s unless the
// operator is answering; a new fire waiting rings once (once the operator has turned sound on: browsers play
// none before a click, so the page offers the board's "开启报警声音" control and says whether sound is on) and
// the title flashes. 最近已确认 is the server's list of verdicts given in the last 24 h (GET /api/centre/verdicts:
// closed alarms included, the caller's units only); an alarm is in one list only: waiting for a verdict, or
// answered. An alarm already reported to 119 (no verdict in time) and then found to be no fire is withdrawn
// with 119 by a notice the server sends (modules/centre/withdrawal.ts): its line says, from what the server
// stored, that 119 was told, that 119 has it, or that 119 has not confirmed it and someone must phone 119.
// The live feed brings the pushes sent to this person, so an operator on this page needs no SMS: one about an alarm
// is the banner with a beep, the board read at once; a routine notice (a device a unit took out of use) a quiet line.
import { useCallback, useEffect, useRef, useState } from "react";
import type {
  Board,
  BoardAlarm,
  RecentVerdicts,
  VerdictInput,
  VerdictResult,
  Withdrawal119,
} from "@anxin/contract/centre";
import { api } from "../../client/api.ts";
import { SOUND_BUTTON, SoundBanner, SoundState, useAlarmSound } from "../components/AlarmSound.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { PushLines, usePushLines } from "../components/PushLines.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { beep, flashTitle, notifyDesktop } from "../lib/alarm-sound.ts";
import { useAction, useResource } from "../lib/hooks.ts";
import { useLiveFeed } from "../lib/live.ts";

const TITLE = "火警确认";
const REFRESH_MS = 10_000;
const PENDING_KEY = "anxin-confirm-pending";
const CONFIRM_KINDS = new Set(["FIRE", "CALL_POINT", "GAS_LEAK", "SUSPECTED_FIRE"]);
/** The common causes of a false fire alarm, in the words control rooms use; "其他" asks for words. */
const FALSE_CAUSES = ["油烟", "水汽、粉尘", "吸烟", "施工、焊接", "探测器故障", "误碰手报按钮", "其他"];
const LATE = "已超时：按真实火警处置，已通知单位负责人和监控中心";

type Verdict = VerdictInput["verdict"];
const VERDICTS: { verdict: Verdict; label: string; danger?: boolean }[] = [
  { verdict: "REAL_FIRE", label: "真实火警（立即报 119）", danger: true },
  { verdict: "FALSE_ALARM", label: "误报" },
  { verdict: "TEST", label: "测试" },
  { verdict: "FAULT", label: "设备故障" },
];
const VERDICT_WORD: Record<Verdict, string> = {
  REAL_FIRE: "真实火警",
  FALSE_ALARM: "误报",
  TEST: "测试",
  FAULT: "设备故障",
};
const WHAT: Record<Verdict, string> = {
  REAL_FIRE: "确认这是真实火警？系统将立即把火警报告 119，并通知单位负责人和监控中心。",
  FALSE_ALARM: "确认这是误报？请选择原因。确认后不再报告 119。",
  TEST: "确认这是测试？确认后不再报告 119。",
  FAULT: "确认这是设备故障（没有火情）？确认后不再报告 119，并转为设备维修。",
};
/**
 * The same answers once the alarm has been reported to 119 (no verdict in time: handled as a real fire). A
 * verdict of no fire then stops the hand-off and sends 119 a withdrawal notice (modules/centre/withdrawal.ts);
 * whether 119 has it is shown under 最近已确认, and only when it has not does the operator have to phone 119.
 */
const TOLD_119 =
  "此报警已超时，已按真实火警报告 119：确认后系统停止推送，并立即向 119 发送撤警通报；119 是否收到会显示在“最近已确认”中，未收到时请电话告知 119";
const WHAT_AFTER_119: Record<Verdict, string> = {
  REAL_FIRE:
    "确认这是真实火警？此报警已超时，已按真实火警报告 119；系统继续向 119 推送直至收到回执，并通知单位负责人和监控中心。",
  FALSE_ALARM: `确认这是误报？请选择原因。${TOLD_119}（误报）。`,
  TEST: `确认这是测试？${TOLD_119}（测试）。`,
  FAULT: `确认这是设备故障（没有火情）？确认后转为设备维修。${TOLD_119}（设备故障）。`,
};
const what = (a: BoardAlarm, v: Verdict) => (a.report119 ? WHAT_AFTER_119[v] : WHAT[v]);

const time = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("zh-CN", {
        timeZone: "Asia/Shanghai",
        hour12: false,
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      })
    : "—";
const where = (a: BoardAlarm) =>
  [a.unitName, a.location, a.floor !== null ? `${a.floor} 层` : null].filter(Boolean).join(" · ");
const heading = (a: BoardAlarm) => `待确认 ${a.kindLabel} · ${where(a)}`;

function countdown(a: BoardAlarm, now: number): { text: string; late: boolean } {
  if (!a.confirmDeadlineAt) return { text: a.report119 ? LATE : "", late: a.report119 };
  const left = Math.round((Date.parse(a.confirmDeadlineAt) - now) / 1000);
  if (left <= 0) return { text: LATE, late: true };
  return {
    text: `剩余 ${Math.floor(left / 60)} 分 ${String(left % 60).padStart(2, "0")} 秒，超时将按真实火警处置`,
    late: false,
  };
}

export default function Confirm() {
  const board = useResource<Board>("/api/centre/board");
  const recent = useResource<RecentVerdicts>("/api/centre/verdicts?limit=20");
  const [asking, setAsking] = useState<{ alarm: BoardAlarm; verdict: Verdict } | null>(null);
  const send = useAction();
  const sound = useAlarmSound();
  const { reload: reloadBoard } = board;
  const { reload: reloadRecent } = recent;
  const reload = useCallback(() => {
    reloadBoard();
    reloadRecent();
  }, [reloadBoard, reloadRecent]);
  const holding = asking !== null || send.busy;

  // pushes sent to this person by name (the live feed carries only theirs here, never a home's alarm). Reaching this
  // open screen, a push needs no SMS (the outbox's fallback), so each is said here: one about an alarm (a unit's fire
  // signal, the centre's "phone the unit" on a timed-out fire, a unit device's reminder: offline, low water...) in the
  // banner with a beep, the board read at once (or once the operator's answer is done); a routine notice (a device a
  // unit took out of normal use) on a quiet line, without a beep and never over the banner.
  const { push, notice, say } = usePushLines();
  const missed = useRef(false);
  useLiveFeed(
    "/api/live/alarms",
    (type, data) => {
      if (type !== "push" || !say(data)) return;
      if (holding) missed.current = true;
      else reload();
    },
    ["push"],
  );
  useEffect(() => {
    if (holding || !missed.current) return;
    missed.current = false;
    reload();
  }, [holding, reload]);

  // the countdowns tick
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  // read again every 10 s, unless the operator is answering
  useEffect(() => {
    if (holding) return;
    const t = setInterval(reload, REFRESH_MS);
    return () => clearInterval(t);
  }, [holding, reload]);

  const fire = (board.data?.items ?? []).filter((a) => CONFIRM_KINDS.has(a.kind));
  // waiting: no verdict yet (a timed-out one too: it still needs its answer); answered: the server's list
  const pending = fire.filter((a) => !a.verdict);
  const waitingIds = new Set(pending.map((a) => a.id));
  const done = (recent.data?.items ?? []).filter((a) => !waitingIds.has(a.id)).slice(0, 20);

  // a new fire waiting: a tone and a desktop notification (once allowed); while any waits, the title flashes
  const waiting = board.data ? pending.length : -1;
  const newest = pending.reduce<BoardAlarm | null>((n, a) => (n && n.startedAt >= a.startedAt ? n : a), null);
  const newestId = newest?.id ?? null;
  const newestKind = newest?.kindLabel;
  useEffect(() => {
    if (waiting < 0) return;
    const seen = Number(sessionStorage.getItem(PENDING_KEY) ?? "0");
    sessionStorage.setItem(PENDING_KEY, String(waiting));
    if (waiting > seen) {
      beep();
      notifyDesktop(newestId, newestKind, "请立即在火警确认页核实并确认");
    }
    if (!waiting) return;
    const base = document.title;
    return flashTitle(waiting, base, [base, `【待确认火警 ${waiting}】${base}`]);
  }, [waiting, newestId, newestKind]);

  const answer = (alarm: BoardAlarm, verdict: Verdict, cause: string | null) => {
    setAsking(null);
    void send
      .run(
        () =>
          api<VerdictResult>("POST", `/api/centre/alarms/${encodeURIComponent(alarm.id)}/verdict`, {
            verdict,
            ...(cause ? { cause } : {}),
          }),
        (r) =>
          `${alarm.kindLabel} · ${where(alarm)}：${
            r.handedTo119
              ? "已确认为真实火警，正在报告 119"
              : `已确认为${VERDICT_WORD[verdict]}${r.withdrawalTo119 ? "。此前已报 119，已向 119 发送撤警通报，119 是否收到见“最近已确认”" : ""}`
          }`,
      )
      .then(() => reload());
  };

  if (board.error && !board.data)
    return (
      <Page title={TITLE}>
        <LoadError error={board.error} />
      </Page>
    );
  if (!board.data)
    return (
      <Page title={TITLE}>
        <Loading />
      </Page>
    );
  return (
    <Page title={TITLE}>
      <p className="lead" id="confirm-lead">
        本页每 10 秒自动刷新；
        {sound.on
          ? "有新的待确认火警时会响铃、标题闪烁。"
          : `有新的待确认火警时标题会闪烁；点“${SOUND_BUTTON}”后，有新的待确认火警时还会响铃。`}{" "}
        <SoundState on={sound.on} />
      </p>
      <SoundBanner on={sound.on} enable={sound.enable} />
      <ActionNotice action={send} id="verdict-result" />
      <PushLines push={push} notice={notice} />
      <section aria-labelledby="pending-h">
        <h2 id="pending-h" className="section-h">
          待确认（{pending.length}）
        </h2>
        {pending.length ? (
          pending.map((a) => {
            const c = countdown(a, now);
            return (
              <article
                key={a.id}
                className={c.late ? "confirm-card late" : "confirm-card"}
                data-id={a.id}
                data-deadline={a.confirmDeadlineAt ?? ""}
                data-kind={a.kind}
              >
                <h2>
                  <span className="chip s-fire">待确认</span> {a.kindLabel} · {where(a)}
                </h2>
                <p className="meta">
                  报警时间 {time(a.startedAt)}
                  {a.confirmDeadlineAt ? ` · 确认时限 ${time(a.confirmDeadlineAt)}` : ""}
                </p>
                <p className="countdown" role="timer" aria-live="off">
                  {c.text}
                </p>
                <p className="hint">请立即到现场（或看监控画面）核实，再选择：</p>
                <div className="verdicts">
                  {VERDICTS.map((v) => (
                    <button
                      key={v.verdict}
                      type="button"
                      className={v.danger ? "btn danger verdict" : "btn verdict"}
                      data-verdict={v.verdict}
                      disabled={send.busy}
                      onClick={() => {
                        send.clear();
                        setAsking({ alarm: a, verdict: v.verdict });
                      }}
                    >
                      {v.label}
                    </button>
                  ))}
                </div>
              </article>
            );
          })
        ) : (
          <p className="notice">目前没有待确认的火警。</p>
        )}
      </section>
      <section aria-labelledby="done-h">
        <h2 id="done-h" className="section-h">
          最近已确认（24 小时内）
        </h2>
        {done.length ? (
          <ul className="done-list">
            {done.map((a) => (
              <li key={a.id} data-id={a.id}>
                {time(a.startedAt)} {a.kindLabel} · {a.unitName}
                {a.location ? ` · ${a.location}` : ""}：<strong>{a.verdictLabel}</strong>
                {a.verdictCause ? `（${a.verdictCause}）` : ""}
                {a.report119 ? (a.verdict === "REAL_FIRE" ? "（已报 119）" : "（此前已报 119）") : ""}
                {` · ${time(a.verdictAt)} 确认`}
                {a.withdrawal119 ? (
                  <>
                    {" · "}
                    <WithdrawalState w={a.withdrawal119} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : recent.error && !recent.data ? (
          <LoadError error={recent.error} />
        ) : (
          <p className="notice">{recent.data ? "最近 24 小时内暂无。" : "正在读取…"}</p>
        )}
      </section>
      <VerdictDialog asking={asking} onClose={() => setAsking(null)} onAnswer={answer} />
    </Page>
  );
}

/**
 * The withdrawal notice to 119, as the server stored it: told, received, or not confirmed (then the operator
 * must phone 119, so that one stands out).
 */
function WithdrawalState(props: { w: Withdrawal119 }) {
  const { w } = props;
  return w.state === "UNANSWERED" ? (
    <strong className="withdrawal" data-state={w.state} style={{ color: "var(--red)" }}>
      {w.label}
    </strong>
  ) : (
    <span className="withdrawal" data-state={w.state}>
      {w.label}
    </span>
  );
}

/** Asks once, saying what the answer will do; a false alarm asks its cause. */
function VerdictDialog(props: {
  asking: { alarm: BoardAlarm; verdict: Verdict } | null;
  onClose: () => void;
  onAnswer: (alarm: BoardAlarm, verdict: Verdict, cause: string | null) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [pick, setPick] = useState(FALSE_CAUSES[0]!);
  const [extra, setExtra] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const q = props.asking;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (q && !d.open) {
      setPick(FALSE_CAUSES[0]!);
      setExtra("");
      setProblem(null);
      d.showModal();
      d.querySelector<HTMLButtonElement>("button.confirm-no")?.focus(); // the safe answer first
    }
    if (!q && d.open) d.close();
  }, [q]);
  const yes = () => {
    if (!q) return;
    if (q.verdict !== "FALSE_ALARM") return props.onAnswer(q.alarm, q.verdict, null);
    const words = extra.trim();
    const cause = pick === "其他" ? words : words ? `${pick}：${words}` : pick;
    if (!cause) return setProblem("误报请选择或填写原因");
    props.onAnswer(q.alarm, q.verdict, cause);
  };
  return (
    <dialog id="verdict-dialog" className="confirm" aria-labelledby="verdict-title" ref={ref} onClose={props.onClose}>
      <h2 id="verdict-title">请确认</h2>
      <div className="confirm-text">
        {q ? (
          <>
            <p>{heading(q.alarm)}</p>
            <p>{what(q.alarm, q.verdict)}</p>
          </>
        ) : null}
      </div>
      {q?.verdict === "FALSE_ALARM" ? (
        <div className="cause">
          <label htmlFor="cause-pick">误报原因</label>
          <select id="cause-pick" value={pick} onChange={(e) => setPick(e.target.value)}>
            {FALSE_CAUSES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <label htmlFor="cause-text">补充说明（选“其他”时必填）</label>
          <input
            id="cause-text"
            type="text"
            maxLength={200}
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "cause-error" : undefined}
          />
          {problem ? (
            <small id="cause-error" className="field-error" role="alert">
              {problem}
            </small>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="btn confirm-no" onClick={props.onClose}>
          返回
        </button>
        <button type="button" className="btn danger confirm-yes" onClick={yes}>
          确认
        </button>
      </div>
    </dialog>
  );
}
