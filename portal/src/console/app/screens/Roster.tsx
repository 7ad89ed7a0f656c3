// 值班表: one week (Monday to Sunday, county time) of a property company's shifts, each person a row, who is
// on duty now highlighted; managers add a shift (times typed in county time, whatever the browser's zone)
// and remove one after a confirmation. The escalation chain's "property company on duty" step calls whoever
// this roster shows on duty. All from /api/roster: the companies the caller may open, the county's today and
// whether they edit (GET /api/roster/companies), the week's shifts and the people; another company is the
// API's 404, said here in words.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { RosterList, RosterOverview, RosterPerson, RosterStaff, ShiftView } from "@anxin/contract/roster";
import { api } from "../../client/api.ts";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page, Pending } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { addDays, countyClockTime, countyInstant, isoWeekday, WEEKDAY } from "./county-dates.ts";

type Overview = RosterOverview;
type Shift = ShiftView;
type Person = RosterPerson;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));
const when = (iso: string) =>
  new Date(iso).toLocaleString("zh-CN", {
    timeZone: "Asia/Shanghai",
    hour12: false,
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
/** "2026-11-28T08:00" typed in county time -> an ISO instant. */
const countyIso = (local: string) => new Date(`${local}:00+08:00`).toISOString();

/** A shift's part within one county day, as "08:00–16:00" (a shift past midnight shows "–24:00" and "00:00–"). */
function partOn(day: string, s: Shift, now: number): { text: string; now: boolean } | null {
  const dayStart = countyInstant(day, "00:00").getTime();
  const dayEnd = countyInstant(addDays(day, 1), "00:00").getTime();
  const start = Math.max(Date.parse(s.startsAt), dayStart);
  const end = Math.min(Date.parse(s.endsAt), dayEnd);
  if (end <= start) return null;
  const from = start === dayStart ? "00:00" : countyClockTime(new Date(start));
  const to = end === dayEnd ? "24:00" : countyClockTime(new Date(end));
  // only the part of the shift holding this moment is marked "on duty"
  return { text: `${from}–${to}`, now: start <= now && now < end };
}

export default function Roster() {
  const url = useLocation();
  const o = useResource<Overview>("/api/roster/companies");
  if (o.error || !o.data) return <Pending title={"值班表"} error={o.error} />;
  const { companies, today, canEdit } = o.data;
  const week = url.searchParams.get("week") ?? "";
  const monday = mondayOf(DATE.test(week) ? week : today);
  const companyId = url.searchParams.get("company")?.slice(0, 64) || (companies.length === 1 ? companies[0]!.id : null);
  const href = (w: string) =>
    `/console/roster?week=${w}${companyId && companies.length > 1 ? `&company=${encodeURIComponent(companyId)}` : ""}`;
  return (
    <Page title="值班表">
      {companies.length > 1 ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const id = String(new FormData(e.currentTarget).get("company") ?? "");
            navigate(`/console/roster?week=${monday}&company=${encodeURIComponent(id)}`);
          }}
        >
          <label>
            物业公司{" "}
            <select name="company" defaultValue={companyId ?? undefined} key={companyId}>
              {companies.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn">
            查看
          </button>
        </form>
      ) : null}
      {companyId ? (
        <>
          <nav className="filters noprint" aria-label="选择周">
            <Link className="btn" href={href(addDays(monday, -7))}>
              上一周
            </Link>
            <Link className="btn" href={href(mondayOf(today))}>
              本周
            </Link>
            <Link className="btn" href={href(addDays(monday, 7))}>
              下一周
            </Link>
            <span>
              {monday} 至 {addDays(monday, 6)}
            </span>
          </nav>
          <Week key={companyId} companyId={companyId} monday={monday} today={today} canEdit={canEdit} />
        </>
      ) : (
        <p className="notice">请选择物业公司。</p>
      )}
    </Page>
  );
}

function Week(props: { companyId: string; monday: string; today: string; canEdit: boolean }) {
  const { companyId, monday, today, canEdit } = props;
  const company = encodeURIComponent(companyId);
  const from = countyInstant(monday, "00:00").toISOString();
  const to = countyInstant(addDays(monday, 7), "00:00").toISOString();
  const shifts = useResource<RosterList>(
    `/api/roster?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&propertyCompanyId=${company}`,
  );
  const people = useResource<RosterStaff>(`/api/roster/staff?propertyCompanyId=${company}`);
  const [removing, setRemoving] = useState<Shift | null>(null);
  const error = shifts.error ?? people.error;
  if (error) return <LoadError error={error} />;
  if (!shifts.data || !people.data) return <Loading />;
  const staff = people.data.items;
  const now = Date.parse(shifts.data.now);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const onDuty = staff.filter((s) => s.onDutyNow);
  // everyone on the company's staff gets a row, plus anyone with a shift this week who has since left
  const rows = [
    ...staff.map((s) => ({ id: s.id, name: s.name })),
    ...shifts.data.items
      .filter((s) => !staff.some((p) => p.id === s.staffUserId))
      .map((s) => ({ id: s.staffUserId, name: s.staffName })),
  ].filter((p, i, all) => all.findIndex((x) => x.id === p.id) === i);
  const changed = () => {
    shifts.reload();
    people.reload();
  };
  return (
    <>
      <p id="on-duty-now" className="notice on-duty-now" role="status">
        当前值班：
        {onDuty.length
          ? onDuty.map((s, i) => (
              <span key={s.id}>
                {i ? "、" : ""}
                <span className="name">{s.name}</span>（{s.phone}）
              </span>
            ))
          : "无人值班（升级通知将发给本公司全部物业人员）"}
      </p>
      {canEdit ? (
        <ShiftForm companyId={companyId} today={today} staff={staff} onAdded={changed} />
      ) : (
        <p className="notice">排班由物业经理维护。</p>
      )}
      <table id="roster" className="roster">
        <caption className="sr-only">本周值班表</caption>
        <thead>
          <tr>
            <th scope="col">人员</th>
            {days.map((d) => (
              <th key={d} scope="col" className={d === today ? "today" : undefined}>
                {WEEKDAY[isoWeekday(d)]} {d.slice(5)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length ? (
            rows.map((p) => (
              <tr key={p.id} data-staff={p.id}>
                <th scope="row">{p.name}</th>
                {days.map((d) => (
                  <td key={d} className={d === today ? "today" : undefined}>
                    {shifts
                      .data!.items.filter((s) => s.staffUserId === p.id)
                      .flatMap((s) => {
                        const part = partOn(d, s, now);
                        return part ? [{ s, part }] : [];
                      })
                      .map(({ s, part }) => (
                        <div
                          key={s.id}
                          className={part.now ? "shift on-duty" : "shift"}
                          data-shift={s.id}
                          title={`${s.staffName}：${when(s.startsAt)} 至 ${when(s.endsAt)}`}
                        >
                          <span>
                            {part.text}
                            {part.now ? "（值班中）" : ""}
                          </span>
                          {canEdit ? (
                            <button
                              type="button"
                              className="del-shift"
                              data-id={s.id}
                              aria-label={`删除 ${s.staffName} ${when(s.startsAt)} 至 ${when(s.endsAt)} 的班次`}
                              onClick={() => setRemoving(s)}
                            >
                              ×
                            </button>
                          ) : null}
                        </div>
                      ))}
                  </td>
                ))}
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={8}>本公司还没有物业人员</td>
            </tr>
          )}
        </tbody>
      </table>
      {canEdit ? (
        <RemoveDialog
          shift={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            changed();
          }}
        />
      ) : null}
    </>
  );
}

function ShiftForm(props: { companyId: string; today: string; staff: Person[]; onAdded: () => void }) {
  const a = useAction();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const startsAt = String(f.get("startsAt") ?? "");
    const endsAt = String(f.get("endsAt") ?? "");
    if (!startsAt || !endsAt) return;
    void a
      .run(() =>
        api("POST", "/api/roster", {
          staffUserId: String(f.get("staffUserId") ?? ""),
          startsAt: countyIso(startsAt),
          endsAt: countyIso(endsAt),
          propertyCompanyId: props.companyId,
        }),
      )
      .then((r) => {
        if (r !== undefined) props.onAdded();
      });
  };
  return (
    <form id="shift-form" className="noprint" data-company={props.companyId} onSubmit={submit}>
      <label>
        值班人员
        <select name="staffUserId" required>
          {props.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        上班时间
        <input type="datetime-local" lang="zh-CN" name="startsAt" required defaultValue={`${props.today}T08:00`} />
      </label>
      <label>
        下班时间
        <input type="datetime-local" lang="zh-CN" name="endsAt" required defaultValue={`${props.today}T20:00`} />
      </label>
      <button type="submit" className="btn primary" disabled={a.busy}>
        添加班次
      </button>
      <ActionNotice action={a} id="shift-error" />
    </form>
  );
}

/** Asks before removing a shift, saying whose and when; the refusal is said in the dialog. */
function RemoveDialog(props: { shift: Shift | null; onClose: () => void; onRemoved: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const a = useAction();
  const { clear } = a;
  const s = props.shift;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (s && !d.open) {
      clear();
      d.showModal();
    }
    if (!s && d.open) d.close();
  }, [s, clear]);
  const what = s ? `${s.staffName} ${when(s.startsAt)} 至 ${when(s.endsAt)} 的班次` : "";
  return (
    <dialog
      id="shift-delete"
      className="confirm"
      aria-labelledby="shift-delete-title"
      ref={ref}
      onClose={props.onClose}
    >
      <h2 id="shift-delete-title">删除班次</h2>
      <p>确定删除 {what}？删除后升级通知不再按这个班次找人。</p>
      <ActionNotice action={a} />
      <div className="actions">
        <button type="button" className="btn confirm-no" onClick={props.onClose} autoFocus>
          返回
        </button>
        <button
          type="button"
          className="btn danger confirm-yes"
          disabled={a.busy}
          onClick={() => {
            if (!s) return;
            // a removed shift answers 204 (null); a refusal leaves undefined and is said above
            void a
              .run(() => api<null>("DELETE", `/api/roster/${encodeURIComponent(s.id)}`))
              .then((r) => {
                if (r !== undefined) props.onRemoved();
              });
          }}
        >
          删除
        </button>
      </div>
    </dialog>
  );
}
