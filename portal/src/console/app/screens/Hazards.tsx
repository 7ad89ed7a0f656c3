// 隐患整改 (issue 18): the hazards of the caller's units and communities, overdue first, with filters and
// pages kept in the address (a filtered list can be bookmarked and sent), from GET /api/hazards; 上报隐患 for
// those the API lets report (hazard-report.tsx).
import { useState, type FormEvent } from "react";
import { HAZARD_SEVERITY_LABEL, HAZARD_STATUS_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { DataTable } from "../components/DataTable.tsx";
import { LoadError, Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import type { HazardList } from "@anxin/contract/inspection";
import { HazardReport } from "./hazard-report.tsx";
import { when } from "./hazard-words.ts";

const LIMIT = 50;
const VIEWS = ["open", "overdue", "all"];

export default function Hazards() {
  const q = useLocation().searchParams;
  const view = VIEWS.includes(q.get("view") ?? "") ? q.get("view")! : "open";
  const status = q.get("status") && q.get("status")! in HAZARD_STATUS_LABEL ? q.get("status")! : "";
  const severity = ["MAJOR", "GENERAL"].includes(q.get("severity") ?? "") ? q.get("severity")! : "";
  const offset = Math.min(100_000, Math.max(0, Number(q.get("offset")) || 0));
  const address = (o: { view: string; status: string; severity: string; offset: number }) => {
    const p = new URLSearchParams({ view: o.view, offset: String(o.offset) });
    if (o.status) p.set("status", o.status);
    if (o.severity) p.set("severity", o.severity);
    return p.toString();
  };
  const list = useResource<HazardList>(`/api/hazards?${address({ view, status, severity, offset })}&limit=${LIMIT}`);
  const [form, setForm] = useState({ view, status, severity });
  // who may report: POST /api/hazards and the units it names (GET /api/units); the API decides, this hides
  const role = useSession().role;
  const reporter = inRoleSet(ROLE_SETS.hazardReporters, role) && inRoleSet(ROLE_SETS.unitViewers, role);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/console/hazards?${address({ ...form, offset: 0 })}`);
  };

  const d = list.data;
  return (
    <Page title="隐患整改">
      {reporter && !reporting ? (
        <p>
          <button
            type="button"
            className="btn primary"
            id="hazard-report-open"
            onClick={() => {
              setReported(null);
              setReporting(true);
            }}
          >
            上报隐患
          </button>
        </p>
      ) : null}
      {reporting ? (
        <HazardReport
          onCancel={() => setReporting(false)}
          onReported={(id) => {
            setReporting(false);
            setReported(id);
            list.reload();
          }}
        />
      ) : null}
      {reported ? (
        <p className="notice" role="status" id="hazard-reported">
          隐患已上报，已通知单位负责人派发整改。<Link href={`/console/hazards/${reported}`}>查看刚上报的隐患</Link>
        </p>
      ) : null}
      <form className="filters" aria-label="筛选隐患" onSubmit={submit}>
        <label>
          范围{" "}
          <select name="view" value={form.view} onChange={(e) => setForm({ ...form, view: e.target.value })}>
            <option value="open">未销案</option>
            <option value="overdue">已逾期</option>
            <option value="all">全部</option>
          </select>
        </label>
        <label>
          状态{" "}
          <select name="status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
            <option value="">全部状态</option>
            {Object.entries(HAZARD_STATUS_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          等级{" "}
          <select
            name="severity"
            value={form.severity}
            onChange={(e) => setForm({ ...form, severity: e.target.value })}
          >
            <option value="">全部等级</option>
            {(["MAJOR", "GENERAL"] as const).map((v) => (
              <option key={v} value={v}>
                {HAZARD_SEVERITY_LABEL[v]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary">
          筛选
        </button>
      </form>
      {list.error ? <LoadError error={list.error} /> : null}
      {d ? (
        <>
          <p className={d.overdue ? "notice error" : "notice"} id="overdue-count">
            {d.overdue ? `逾期未整改 ${d.overdue} 条，已排在最前` : "没有逾期未整改的隐患"}
          </p>
          <DataTable
            id="hazard-table"
            title={`隐患列表（共 ${d.total} 条）`}
            rows={d.items}
            rowKey={(h) => h.id}
            rowClass={(h) => (h.overdue ? "overdue" : undefined)}
            empty="没有符合条件的隐患。"
            paging={{
              total: d.total,
              offset,
              limit: LIMIT,
              onPage: (o) => navigate(`/console/hazards?${address({ view, status, severity, offset: o })}`),
            }}
            columns={[
              { header: "单位", cell: (h) => h.unit?.name ?? h.community?.name ?? "" },
              { header: "部位", cell: (h) => h.place },
              { header: "隐患", cell: (h) => <Link href={`/console/hazards/${h.id}`}>{h.description}</Link> },
              {
                header: "等级",
                className: (h) => (h.severity === "MAJOR" ? "bad" : undefined),
                cell: (h) => h.severityLabel,
              },
              {
                header: "状态",
                className: (h) => (h.overdue ? "bad" : h.status === "VERIFIED" ? "ok" : undefined),
                cell: (h) =>
                  h.overdue && h.status !== "OVERDUE" && h.status !== "ESCALATED" ? "已逾期" : h.statusLabel,
              },
              { header: "整改人", cell: (h) => h.assignee?.name ?? "未派发" },
              { header: "整改期限", cell: (h) => when(h.deadline) },
              { header: "上报时间", cell: (h) => when(h.createdAt) },
            ]}
          />
        </>
      ) : null}
    </Page>
  );
}
