// 体验馆 (issue 14 item 3): the experience centres a staff member runs. A centre's details (edit form), its
// weekly session templates (list + add), closures (add a date range with a reason) and the sessions ahead
// (generate from the templates, cancel one with a reason in a dialog). The centres listed come from
// GET /api/centre-staff/centres (all for an admin, their own for centre staff); the rest from the bookings
// API, which checks the caller runs the centre: another centre's id is its 404, said here in words.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type {
  CentreDetail,
  ClosureResult,
  GeneratedSessions,
  ManagedCentres,
  SessionList,
  SessionView,
  TemplateList,
} from "../../../../../api/src/contract/bookings.ts";
import { api, ApiError } from "../../client/api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page, Pending } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource, type Action } from "../lib/hooks.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { addDays, isoWeekday, WEEKDAY } from "./county-dates.ts";

/** How many days of sessions the screen lists (and the generate form offers by default). */
const CENTRE_DAYS = 28;
const LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };
const SESSION_STATUS: Record<string, string> = { OPEN: "开放预约", CANCELLED: "已取消", CLOSED: "已结束" };
const TOPIC_LABEL: Record<SessionView["topic"], string> = {
  SMOKE_ESCAPE: "烟雾逃生",
  EXTINGUISHER_USE: "灭火器使用",
  HOME_HAZARDS: "家庭火灾隐患",
  EBIKE_SAFETY: "电动自行车安全",
  GAS_SAFETY: "燃气安全",
  COMPREHENSIVE: "综合体验",
};
const CJK = /[\u4e00-\u9fff]/;

const ages = (min: number | null, max: number | null) =>
  min === null && max === null ? "不限" : `${min ?? 0}–${max ?? "不限"} 岁`;
const centreUrl = (id: string, rest = "") => `/api/centres/${encodeURIComponent(id)}${rest}`;

/** A problem found before sending, said as the API says a refused field. */
const refuse = (field: string, message: string) => new ApiError(400, "请检查标红的项", [{ path: field, message }]);

/** The refused fields of an action, in words (the API's English words become "填写有误"). */
function errorsOf(a: Action): Record<string, string> {
  const out = fieldErrors(a.error);
  for (const k of Object.keys(out)) if (!CJK.test(out[k] ?? "")) out[k] = "填写有误";
  return out;
}

/** Runs a form's request; a refusal naming fields says to look at them. */
async function send<R>(work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ApiError && e.details.length && !e.message.startsWith("请检查"))
      throw new ApiError(e.status, `请检查标红的项（${e.message}）`, e.details);
    throw e;
  }
}

const text = (f: FormData, name: string) => String(f.get(name) ?? "").trim();
const optionalNumber = (v: string) => (v === "" ? null : Number(v));
function required(f: FormData, names: string[]): void {
  for (const n of names) if (!text(f, n)) throw refuse(n, "请填写");
}

export default function Centres() {
  const asked = useLocation().searchParams.get("centre")?.slice(0, 64) || null;
  const m = useResource<ManagedCentres>("/api/centre-staff/centres");
  if (m.error || !m.data) return <Pending title={"体验馆管理"} error={m.error} />;
  const { items, today, notice } = m.data;
  const pick = asked ?? items[0]?.id ?? null;
  return (
    <Page title="体验馆管理">
      {items.length > 1 ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const id = text(new FormData(e.currentTarget), "centre");
            navigate(`/console/centres?centre=${encodeURIComponent(id)}`);
          }}
        >
          <label>
            体验馆{" "}
            <select name="centre" defaultValue={pick ?? undefined} key={pick}>
              {items.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}（{LEVEL[x.level] ?? x.level}）
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn">
            查看
          </button>
        </form>
      ) : null}
      {pick ? (
        <Centre key={pick} id={pick} today={today} />
      ) : (
        <p className="notice">{notice ?? "暂无可管理的体验馆。"}</p>
      )}
    </Page>
  );
}

function Centre(props: { id: string; today: string }) {
  const { id, today } = props;
  const until = addDays(today, CENTRE_DAYS - 1);
  const detail = useResource<CentreDetail>(centreUrl(id));
  const templates = useResource<TemplateList>(centreUrl(id, "/templates"));
  const sessions = useResource<SessionList>(
    `/api/sessions?centreId=${encodeURIComponent(id)}&from=${today}&to=${until}`,
  );
  const [done, setDone] = useState<string | null>(null);
  const loading = detail.loading || templates.loading || sessions.loading;
  // the templates say whether the caller runs this centre (the centre itself is public)
  const error = templates.error ?? detail.error ?? sessions.error;
  if (error) return <LoadError error={error} />;
  if (!detail.data || !templates.data || !sessions.data) return <Loading />;
  const c = detail.data;
  const saved = (message: string) => {
    setDone(message);
    detail.reload();
    templates.reload();
    sessions.reload();
  };
  const started = () => setDone(null);
  return (
    <>
      <p id="centre-name" className="lead">
        {c.name} · {LEVEL[c.level] ?? c.level}
        {c.townshipName ? ` · ${c.townshipName}` : ""}
      </p>
      <p className="noprint">
        <a className="btn" href="#details-title">
          场馆信息
        </a>{" "}
        <a className="btn" href="#templates-title">
          每周场次模板
        </a>{" "}
        <a className="btn" href="#closures-title">
          闭馆
        </a>{" "}
        <a className="btn" href="#sessions-title">
          近期场次
        </a>
      </p>
      {/* what the last change did, once the lists below show it */}
      <p id="centre-result" className="ok" role="status" aria-live="polite">
        {done && !loading ? done : null}
      </p>

      <section aria-labelledby="details-title">
        <h2 id="details-title">场馆信息</h2>
        <DetailsForm centre={c} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="templates-title">
        <DataTable
          id="templates"
          title="每周场次模板"
          rows={templates.data.items}
          rowKey={(t) => t.id}
          rowData={(t) => ({ "data-template": t.id })}
          empty="尚无模板，请在下面添加"
          columns={[
            { header: "主题", cell: (t) => TOPIC_LABEL[t.topic] ?? t.topic },
            { header: "名称", cell: (t) => t.title },
            { header: "星期", cell: (t) => t.weekdays.map((w) => WEEKDAY[w]).join("、") },
            { header: "时间", cell: (t) => `${t.startTime}–${t.endTime}` },
            { header: "容量", num: true, cell: (t) => t.capacity },
            { header: "年龄", cell: (t) => ages(t.minAge, t.maxAge) },
            { header: "状态", cell: (t) => (t.active ? "启用" : "停用") },
          ]}
        />
        <h3>添加模板</h3>
        <p>模板按星期重复；“按模板生成场次”会为所选日期里对应的星期几各建一场（已建的日期保留，闭馆日跳过）。</p>
        <TemplateForm centre={c} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="closures-title">
        <DataTable
          id="closures"
          title="闭馆"
          rows={c.upcomingClosures}
          rowKey={(x) => x.id}
          rowData={(x) => ({ "data-closure": x.id })}
          empty="近期没有闭馆安排"
          columns={[
            { header: "开始日期", cell: (x) => x.startDate },
            { header: "结束日期", cell: (x) => x.endDate },
            { header: "原因", cell: (x) => x.reason },
          ]}
        />
        <h3>添加闭馆</h3>
        <p>闭馆期间已开放的场次会被取消，已预约的人会收到通知。</p>
        <ClosureForm centre={c} today={today} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="sessions-title">
        <Sessions
          sessions={sessions.data.items}
          title={`近期场次（${today} 至 ${until}）`}
          onStart={started}
          onSaved={saved}
        />
        <h3>按模板生成场次</h3>
        <GenerateForm centre={c} today={today} until={until} onStart={started} onSaved={saved} />
      </section>
    </>
  );
}

interface FormProps {
  centre: CentreDetail;
  onStart: () => void;
  onSaved: (message: string) => void;
}

/** A form's submit: runs the request with the action, and on success tells the screen what was done. */
function useSubmit(
  make: (f: FormData, form: HTMLFormElement) => Promise<string>,
  onStart: () => void,
  onSaved: (m: string) => void,
) {
  const a = useAction();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    onStart();
    void a
      .run(() => send(() => make(data, form)))
      .then((message) => {
        if (message === undefined) return;
        onSaved(message);
      });
  };
  return { a, submit, errors: errorsOf(a) };
}

function Busy(props: { action: Action }) {
  return props.action.busy ? (
    <p className="form-result muted" role="status">
      正在保存…
    </p>
  ) : (
    <div className="form-result">
      <ActionNotice action={props.action} />
    </div>
  );
}

function DetailsForm(props: FormProps) {
  const c = props.centre;
  const { a, submit, errors } = useSubmit(
    async (f) => {
      required(f, ["name", "address", "openingHours", "capacity"]);
      await api("PATCH", centreUrl(c.id), {
        name: text(f, "name"),
        address: text(f, "address"),
        openingHours: text(f, "openingHours"),
        phone: text(f, "phone") || null,
        capacity: Number(text(f, "capacity")),
        facilities: text(f, "facilities")
          .split(/[、,，;；\n]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      });
      return "场馆信息已保存";
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="centre-edit" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="名称 *" name="name" errors={errors}>
        <input id="centre-name-input" required maxLength={64} defaultValue={c.name} />
      </Field>
      <Field label="地址 *" name="address" errors={errors}>
        <input id="centre-address" required maxLength={200} defaultValue={c.address} />
      </Field>
      <Field label="开放时间 *" name="openingHours" errors={errors}>
        <input id="centre-hours" required maxLength={200} defaultValue={c.openingHours} />
      </Field>
      <Field label="联系电话" name="phone" errors={errors}>
        <input id="centre-phone" maxLength={20} inputMode="tel" defaultValue={c.phone ?? ""} />
      </Field>
      <Field label="容纳人数 *" name="capacity" errors={errors}>
        <input id="centre-capacity" type="number" required min={1} max={2000} defaultValue={c.capacity} />
      </Field>
      <Field label="设施（用顿号或逗号分隔）" name="facilities" errors={errors}>
        <input id="centre-facilities" maxLength={600} defaultValue={c.facilities.join("、")} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        保存场馆信息
      </button>
      <Busy action={a} />
    </form>
  );
}

function TemplateForm(props: FormProps) {
  const c = props.centre;
  const { a, submit, errors } = useSubmit(
    async (f, form) => {
      required(f, ["title", "startTime", "endTime", "capacity"]);
      const weekdays = f.getAll("weekdays").map(Number);
      if (!weekdays.length) throw refuse("weekdays", "请至少选一天");
      if (text(f, "endTime") <= text(f, "startTime")) throw refuse("endTime", "结束时间应晚于开始时间");
      await api("POST", centreUrl(c.id, "/templates"), {
        topic: text(f, "topic"),
        title: text(f, "title"),
        weekdays,
        startTime: text(f, "startTime"),
        endTime: text(f, "endTime"),
        capacity: Number(text(f, "capacity")),
        minAge: optionalNumber(text(f, "minAge")),
        maxAge: optionalNumber(text(f, "maxAge")),
      });
      form.reset();
      return `已添加模板“${text(f, "title")}”；点“按模板生成场次”排出具体场次`;
    },
    props.onStart,
    props.onSaved,
  );
  const weekdayError = errors.weekdays;
  return (
    <form id="template-add" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="主题 *" name="topic" errors={errors}>
        <select id="template-topic" required>
          {Object.entries(TOPIC_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </Field>
      <Field label="场次名称 *" name="title" errors={errors}>
        <input id="template-title" required maxLength={64} />
      </Field>
      <fieldset
        className={weekdayError ? "weekdays invalid" : "weekdays"}
        aria-describedby={weekdayError ? "template-weekdays-error" : undefined}
      >
        <legend>每周几 *</legend>
        {[1, 2, 3, 4, 5, 6, 7].map((w) => (
          <label key={w}>
            <input type="checkbox" name="weekdays" value={w} /> {WEEKDAY[w]}
          </label>
        ))}
        {weekdayError ? (
          <small id="template-weekdays-error" className="field-error" role="alert">
            {weekdayError}
          </small>
        ) : null}
      </fieldset>
      <Field label="开始时间 *" name="startTime" errors={errors}>
        <input id="template-start" type="time" lang="zh-CN" required defaultValue="09:30" />
      </Field>
      <Field label="结束时间 *" name="endTime" errors={errors}>
        <input id="template-end" type="time" lang="zh-CN" required defaultValue="10:30" />
      </Field>
      <Field label="每场人数 *" name="capacity" errors={errors}>
        <input
          id="template-capacity"
          type="number"
          required
          min={1}
          max={c.capacity}
          defaultValue={Math.min(30, c.capacity)}
        />
      </Field>
      <Field label="最小年龄" name="minAge" errors={errors}>
        <input id="template-min-age" type="number" min={0} max={120} />
      </Field>
      <Field label="最大年龄" name="maxAge" errors={errors}>
        <input id="template-max-age" type="number" min={0} max={120} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        添加模板
      </button>
      <Busy action={a} />
    </form>
  );
}

function ClosureForm(props: FormProps & { today: string }) {
  const { centre: c, today } = props;
  const { a, submit, errors } = useSubmit(
    async (f, form) => {
      required(f, ["startDate", "endDate", "reason"]);
      if (text(f, "endDate") < text(f, "startDate")) throw refuse("endDate", "结束日期应不早于开始日期");
      const r = await api<ClosureResult>(
        "POST",
        centreUrl(c.id, "/closures"),
        { startDate: text(f, "startDate"), endDate: text(f, "endDate"), reason: text(f, "reason") },
      );
      form.reset();
      return `已登记闭馆 ${text(f, "startDate")} 至 ${text(f, "endDate")}：取消场次 ${r.cancelledSessions} 场，通知预约 ${r.notifiedBookings} 个`;
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="closure-add" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="开始日期 *" name="startDate" errors={errors}>
        <input id="closure-start" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="结束日期 *" name="endDate" errors={errors}>
        <input id="closure-end" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="原因 *" name="reason" errors={errors}>
        <input id="closure-reason" required maxLength={200} placeholder="如：设备检修" />
      </Field>
      <button type="submit" className="btn danger" disabled={a.busy}>
        闭馆并通知已预约的人
      </button>
      <Busy action={a} />
    </form>
  );
}

function GenerateForm(props: FormProps & { today: string; until: string }) {
  const { centre: c, today, until } = props;
  const { a, submit, errors } = useSubmit(
    async (f) => {
      required(f, ["from", "to"]);
      if (text(f, "to") < text(f, "from")) throw refuse("to", "结束日期应不早于开始日期");
      const r = await api<GeneratedSessions>("POST", centreUrl(c.id, "/sessions/generate"), {
        from: text(f, "from"),
        to: text(f, "to"),
      });
      return r.created ? `已生成 ${r.created} 场` : "没有新场次可生成（已生成过，或没有启用的模板，或在闭馆期内）";
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="sessions-generate" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="从 *" name="from" errors={errors}>
        <input id="generate-from" type="date" lang="zh-CN" required min={today} defaultValue={today} />
      </Field>
      <Field label="到 *" name="to" errors={errors}>
        <input id="generate-to" type="date" lang="zh-CN" required min={today} defaultValue={until} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        按模板生成场次
      </button>
      <Busy action={a} />
    </form>
  );
}

const sessionLabel = (s: SessionView) => `${s.date} ${s.startTime} ${s.title}`;

/** The sessions ahead; an open one can be cancelled with a reason those booked will read. */
function Sessions(props: {
  sessions: SessionView[];
  title: string;
  onStart: () => void;
  onSaved: (m: string) => void;
}) {
  const [cancelling, setCancelling] = useState<SessionView | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const a = useAction();
  const { clear } = a;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (cancelling && !d.open) d.showModal();
    if (!cancelling && d.open) d.close();
  }, [cancelling]);
  const close = () => {
    setCancelling(null);
    clear();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const s = cancelling;
    if (!s) return;
    const f = new FormData(e.currentTarget);
    props.onStart();
    void a
      .run(() =>
        send(() => {
          required(f, ["reason"]);
          return api("POST", `/api/sessions/${encodeURIComponent(s.id)}/cancel`, { reason: text(f, "reason") });
        }),
      )
      .then((r) => {
        if (r === undefined) return;
        setCancelling(null);
        props.onSaved("场次已取消，已预约的人会收到通知");
      });
  };
  const errors = errorsOf(a);
  return (
    <>
      <DataTable
        id="sessions"
        title={props.title}
        rows={props.sessions}
        rowKey={(s) => s.id}
        rowData={(s) => ({ "data-session": s.id, "data-status": s.status })}
        empty="这段时间没有场次；添加模板后点“按模板生成场次”"
        columns={[
          { header: "日期", cell: (s) => `${s.date} ${WEEKDAY[isoWeekday(s.date)]}` },
          { header: "时间", cell: (s) => `${s.startTime}–${s.endTime}` },
          { header: "主题", cell: (s) => TOPIC_LABEL[s.topic] ?? s.topic },
          { header: "名称", cell: (s) => s.title },
          { header: "已约/容量", num: true, cell: (s) => `${s.bookedSeats}/${s.capacity}` },
          {
            header: "状态",
            className: (s) => (s.status === "CANCELLED" ? "bad" : undefined),
            cell: (s) => `${SESSION_STATUS[s.status] ?? s.status}${s.cancelReason ? `：${s.cancelReason}` : ""}`,
          },
          {
            header: "操作",
            cell: (s) =>
              s.status === "OPEN" ? (
                <button
                  type="button"
                  className="btn danger cancel-session"
                  data-id={s.id}
                  aria-label={`取消场次 ${sessionLabel(s)}`}
                  onClick={() => {
                    clear();
                    setCancelling(s);
                  }}
                >
                  取消场次
                </button>
              ) : (
                "—"
              ),
          },
        ]}
      />
      <dialog id="cancel-dialog" aria-labelledby="cancel-title" ref={dialog} onClose={close}>
        {cancelling ? (
          <form id="cancel-form" method="dialog" noValidate onSubmit={submit} key={cancelling.id}>
            <h2 id="cancel-title">取消场次</h2>
            <p id="cancel-what">取消场次 {sessionLabel(cancelling)}？</p>
            <p>已预约的人会收到取消通知。</p>
            <Field label="取消原因 *" name="reason" errors={errors}>
              <input id="cancel-reason" required maxLength={200} autoFocus />
            </Field>
            <ActionNotice action={a} />
            <p>
              <button type="submit" className="btn danger" disabled={a.busy}>
                确定取消
              </button>{" "}
              <button type="button" className="btn" id="cancel-close" onClick={close}>
                不取消
              </button>
            </p>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
