// The networked units (联网单位: hospitals, schools, nursing homes, markets, factories ...) in the caller's
// scope: how many in each state of the command wall (the same rule and words, its colours beside the word),
// the period's fire signals and what was found, open hazards and facility faults, and the units by category;
// links to 指挥大屏, 联网单位 and 隐患整改 for the detail, for those whose bar has them.
import type { CountyQuery, CountyReport, CountyUnits } from "@anxin/contract/reports";
import { HAZARD_SEVERITY_LABEL, UNIT_CATEGORY_LABEL, UNIT_KIND_LABEL, UNIT_STATE_LABEL } from "@anxin/contract/labels";
import { duration, pct } from "../../lib/format.ts";
import { Link } from "../../lib/router.tsx";
import { useSession } from "../../session.ts";
import { Card } from "./parts.tsx";
import { linkTo } from "./query.ts";

type State = keyof CountyUnits["states"];

/** Worst first, as the wall lists them; each with the wall's colour (console.css .unit-state.s-*), none: plain. */
const STATES: readonly { state: State; css: string }[] = [
  { state: "FIRE", css: "s-fire" },
  { state: "FAULT", css: "s-fault" },
  { state: "OFFLINE", css: "s-offline" },
  { state: "UNCONNECTED", css: "s-unconnected" },
  { state: "NORMAL", css: "s-normal" },
];

const PERIODS: readonly { key: CountyQuery["uPeriod"]; label: string }[] = [
  { key: "today", label: "今日" },
  { key: "week", label: "本周" },
  { key: "month", label: "本月" },
];

/** The pages with the detail, each shown to those whose bar has it. */
const DETAIL: readonly { page: string; href: string; label: string }[] = [
  { page: "command", href: "/console/command", label: "指挥大屏" },
  { page: "units", href: "/console/units", label: "联网单位" },
  { page: "hazards", href: "/console/hazards?view=overdue", label: "隐患整改" },
];

export function Units(props: { d: CountyReport; q: CountyQuery; wall: boolean }) {
  const { q, wall } = props;
  const u = props.d.units;
  const nav = new Set(useSession().nav.map((n) => n.key));
  const period = PERIODS.find((p) => p.key === u.period)?.label ?? "本月";
  const s = u.signals;
  const faults = u.facilityFaults.byKind
    .slice(0, 3)
    .map((k) => `${UNIT_KIND_LABEL[k.kind]} ${k.count}`)
    .join("，");
  return (
    <section className="county-units" aria-labelledby="units-title">
      <h2 id="units-title">联网单位</h2>
      <p className="units-links">
        {DETAIL.filter((x) => nav.has(x.page)).map((x, i) => (
          <span key={x.page}>
            {i ? " · " : "详情："}
            <Link href={x.href}>{x.label}</Link>
          </span>
        ))}
      </p>
      {u.total ? (
        <ul className="unit-states" id="unit-states" aria-label="单位状态（与指挥大屏一致）">
          {STATES.map(({ state, css }) => (
            <li
              key={state}
              className={`unit-state ${u.states[state] ? css : "zero"}`}
              id={`units-${state.toLowerCase()}`}
            >
              <span className="n">{u.states[state]}</span> {UNIT_STATE_LABEL[state]}
            </li>
          ))}
        </ul>
      ) : (
        <p id="units-empty">本范围还没有登记联网单位。</p>
      )}
      <div className="cards">
        <Card id="units-online" n={`${u.online} / ${u.total}`} label="在线单位 / 联网单位" />
        <Card
          id="units-signals"
          n={s.fireSignals}
          label={`${period}火警信号（真实 ${s.realFires}，误报 ${s.falseAlarms}，测试 ${s.tests}，待确认 ${s.pending}）`}
        />
        <Card
          id="units-false-rate"
          n={s.falseAlarmRate === null ? "—" : pct(s.falseAlarmRate)}
          label={`${period}误报率（误报 ${s.falseAlarms} / 已确认 ${s.confirmations}）`}
        />
        <Card
          id="units-119"
          n={s.handedTo119}
          label={`${period}推送 119（其中超时未确认 ${s.timeouts}）`}
          tone={s.handedTo119 ? "bad" : undefined}
        />
        <Card id="units-confirm" n={duration(s.confirmMedianSec)} label={`${period}火警确认用时中位数`} />
        <Card
          id="units-hazards"
          n={u.hazards.open.total}
          label={`未关闭隐患（${HAZARD_SEVERITY_LABEL.MAJOR} ${u.hazards.open.major}，${HAZARD_SEVERITY_LABEL.GENERAL} ${u.hazards.open.general}）`}
          tone={u.hazards.open.major ? "bad" : undefined}
        />
        <Card
          id="units-overdue"
          n={u.hazards.overdue.total}
          label={`逾期未整改（其中${HAZARD_SEVERITY_LABEL.MAJOR} ${u.hazards.overdue.major}）`}
          tone={u.hazards.overdue.total ? "bad" : undefined}
        />
        <Card
          id="units-faults"
          n={u.facilityFaults.total}
          label={
            u.facilityFaults.total
              ? `设施故障未恢复（${u.facilityFaults.units} 家单位：${faults}）`
              : "设施故障未恢复（无）"
          }
          tone={u.facilityFaults.total ? "bad" : undefined}
        />
      </div>
      <p className="units-period">
        火警信号统计：
        {PERIODS.map((p, i) => (
          <span key={p.key}>
            {i ? " · " : ""}
            <Link
              href={linkTo(q, wall, { uPeriod: p.key }, "units-title")}
              aria-current={p.key === u.period ? "true" : undefined}
            >
              {p.label}
            </Link>
          </span>
        ))}
      </p>
      {u.byCategory.length ? <Categories u={u} /> : null}
    </section>
  );
}

/** The units by category: how many, how many online, and each state's count under its word. */
function Categories(props: { u: CountyUnits }) {
  const { u } = props;
  const row = (label: string, r: { total: number; online: number; states: CountyUnits["states"] }, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      <td className="num">{r.total}</td>
      <td className="num">{r.online}</td>
      {STATES.map(({ state }) => (
        <td
          key={state}
          className={`num${r.states[state] && state !== "NORMAL" ? ` unit-count-${state.toLowerCase()}` : ""}`}
        >
          {r.states[state]}
        </td>
      ))}
    </tr>
  );
  return (
    // a phone scrolls a wide table in its own box, which then takes the keyboard's focus (as DataTable)
    <table id="units-table" aria-labelledby="units-table-title" tabIndex={0}>
      <caption id="units-table-title">按单位类别</caption>
      <thead>
        <tr>
          <th scope="col">单位类别</th>
          <th scope="col" className="num">
            单位
          </th>
          <th scope="col" className="num">
            在线
          </th>
          {STATES.map(({ state }) => (
            <th key={state} scope="col" className="num">
              {UNIT_STATE_LABEL[state]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{u.byCategory.map((c) => row(UNIT_CATEGORY_LABEL[c.category], c, c.category))}</tbody>
      <tfoot>{row("合计", u, "total")}</tfoot>
    </table>
  );
}
