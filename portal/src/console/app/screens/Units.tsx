// 联网单位 (issue 14): the networked units in the caller's scope (their own units, a sector, a service
// company's, a township's or the county's) with counts, filters and pages kept in the address, and the
// form that registers a unit for those who may. A maintenance technician sees when each unit was last given
// its yearly facility test; a unit's own people, who see one unit, are taken to its file. All from
// GET /api/units (the API decides the scope), /api/setup/townships and /api/facility-tests/last.
import { useEffect, useState, type FormEvent } from "react";
import type { LastFacilityTests, TownshipListed, UnitFile, UnitList } from "@anxin/contract/units";
import { ROLLOUT_STAGE_LABEL, SECTOR_LABEL, UNIT_CATEGORY_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { stageLabel, yearBefore } from "./unit-words.ts";

const LIMIT = 50;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Filters {
  townshipId: string;
  category: string;
  sector: string;
  rolloutStage: string;
  keyUnit: string;
  q: string;
}
const FILTER_NAMES = ["townshipId", "category", "sector", "rolloutStage", "keyUnit", "q"] as const;

/** The filters in the address, each checked (an unknown value is no filter). */
function filtersOf(p: URLSearchParams): Filters {
  const get = (k: string) => p.get(k) ?? "";
  const oneOf = (labels: Record<string, string>, v: string) => (v in labels ? v : "");
  return {
    townshipId: ID.test(get("townshipId")) ? get("townshipId") : "",
    category: oneOf(UNIT_CATEGORY_LABEL, get("category")),
    sector: oneOf(SECTOR_LABEL, get("sector")),
    rolloutStage: oneOf(ROLLOUT_STAGE_LABEL, get("rolloutStage")),
    keyUnit: ["true", "false"].includes(get("keyUnit")) ? get("keyUnit") : "",
    q: get("q").trim().slice(0, 40),
  };
}

const queryOf = (f: Filters, offset: number) => {
  const p = new URLSearchParams();
  for (const k of FILTER_NAMES) if (f[k]) p.set(k, f[k]);
  if (offset) p.set("offset", String(offset));
  return p.toString();
};

export default function Units() {
  const session = useSession();
  const url = useLocation();
  const f = filtersOf(url.searchParams);
  const offset = Math.min(1_000_000, Math.max(0, Math.trunc(Number(url.searchParams.get("offset")) || 0)));
  const filtered = FILTER_NAMES.some((k) => f[k] !== "");
  const apiQuery = queryOf(f, offset);
  const list = useResource<UnitList>(`/api/units?${apiQuery}${apiQuery ? "&" : ""}limit=${LIMIT}`);
  // the counts do not follow the filters: the whole scope, each counted by the API
  const all = useResource<UnitList>("/api/units?limit=1");
  const keyUnits = useResource<UnitList>("/api/units?keyUnit=true&limit=1");
  const alarmSystems = useResource<UnitList>("/api/units?hasAutoFireAlarm=true&limit=1");
  const pilots = useResource<UnitList>("/api/units?pilot=true&limit=1");
  const townships = useResource<{ items: TownshipListed[] }>("/api/setup/townships");
  const technician = inRoleSet(ROLE_SETS.maintenanceTech, session.role);
  const tests = useResource<LastFacilityTests>(technician ? "/api/facility-tests/last" : null);
  const canRegister = inRoleSet(ROLE_SETS.unitRegistrars, session.role);

  // a unit's own people see one unit: their file is the page made for them
  const only = list.data?.total === 1 ? list.data.items[0] : undefined;
  const toFile =
    !filtered && offset === 0 && !list.loading && inRoleSet(ROLE_SETS.unitPeople, session.role) ? only : undefined;
  useEffect(() => {
    if (toFile) navigate(`/console/units/${encodeURIComponent(toFile.id)}`, { replace: true });
  }, [toFile]);

  const counts = [all, keyUnits, alarmSystems, pilots];
  const drawn =
    !toFile &&
    !list.loading &&
    list.data !== null &&
    counts.every((c) => c.data !== null) &&
    townships.data !== null &&
    (!technician || tests.data !== null);
  useReady(drawn);

  const error = list.error ?? townships.error ?? counts.find((c) => c.error)?.error ?? tests.error;
  if (error)
    return (
      <Page title="联网单位">
        <LoadError error={error} />
      </Page>
    );
  if (!list.data || !townships.data || toFile)
    return (
      <Page title="联网单位">
        <Loading />
      </Page>
    );
  const lastTest = new Map((tests.data?.items ?? []).map((t) => [t.unitId, t.testedOn]));
  const today = tests.data?.today ?? "";
  const d = list.data;
  const township = townships.data.items;
  return (
    <Page title="联网单位">
      <div className="cards" id="unit-counts">
        <Count n={all.data?.total} label="可查看的单位" />
        <Count n={keyUnits.data?.total} label="消防安全重点单位" />
        <Count n={alarmSystems.data?.total} label="设有火灾自动报警系统" />
        <Count n={pilots.data?.total} label="试点单位" />
      </div>
      <FilterForm key={url.search} filters={f} townships={township} />
      <p id="unit-total">
        符合条件的单位共 <strong>{d.total}</strong> 家。
      </p>
      <DataTable
        id="unit-table"
        title="联网单位列表"
        rows={d.items}
        rowKey={(u) => u.id}
        rowData={(u) => ({ "data-unit": u.id })}
        empty="没有符合条件的单位。"
        paging={{
          total: d.total,
          offset,
          limit: LIMIT,
          onPage: (o) => navigate(`/console/units?${queryOf(f, o)}`),
        }}
        columns={[
          {
            header: "单位名称",
            cell: (u) => (
              <>
                <Link href={`/console/units/${encodeURIComponent(u.id)}`}>{u.name}</Link>
                {u.pilot ? (
                  <>
                    {" "}
                    <span className="tag">试点</span>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "类别", cell: (u) => u.categoryLabel },
          { header: "重点单位", cell: (u) => (u.keyUnit ? "是" : "否") },
          { header: "行业主管部门", cell: (u) => u.sectorLabel },
          { header: "乡镇/街道", cell: (u) => u.township.name },
          { header: "推进状态", cell: (u) => stageLabel(u.rolloutStage) },
          { header: "建筑", num: true, cell: (u) => u.buildings },
          { header: "人员", num: true, cell: (u) => u.people },
          { header: "设备", num: true, cell: (u) => u.devices },
          ...(technician
            ? [
                {
                  header: "年度检测",
                  className: (u: { id: string }) => {
                    const last = lastTest.get(u.id);
                    return !last || last < yearBefore(today) ? "bad" : undefined;
                  },
                  cell: (u: { id: string }) => {
                    const last = lastTest.get(u.id);
                    if (!last) return "未记录";
                    return last < yearBefore(today) ? `${last}（已超过一年）` : last;
                  },
                },
              ]
            : []),
        ]}
      />
      {canRegister ? <RegisterForm townships={township} /> : null}
    </Page>
  );
}

function Count(props: { n: number | undefined; label: string }) {
  return (
    <div className="card">
      <span className="n">{props.n ?? "—"}</span>
      <span className="l">{props.label}</span>
    </div>
  );
}

function Choice(props: { name: string; label: string; value: string; options: Record<string, string> }) {
  return (
    <label>
      {props.label}{" "}
      <select name={props.name} defaultValue={props.value}>
        <option value="">全部</option>
        {Object.entries(props.options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function FilterForm(props: { filters: Filters; townships: TownshipListed[] }) {
  const f = props.filters;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string") p.set(k, v);
    navigate(`/console/units?${queryOf(filtersOf(p), 0)}`);
  };
  return (
    <form className="filters" id="unit-filters" aria-label="筛选单位" onSubmit={submit}>
      <Choice
        name="townshipId"
        label="乡镇/街道"
        value={f.townshipId}
        options={Object.fromEntries(props.townships.map((t) => [t.id, t.name]))}
      />
      <Choice name="category" label="单位类别" value={f.category} options={UNIT_CATEGORY_LABEL} />
      <Choice name="sector" label="行业主管部门" value={f.sector} options={SECTOR_LABEL} />
      <Choice name="rolloutStage" label="推进状态" value={f.rolloutStage} options={ROLLOUT_STAGE_LABEL} />
      <Choice name="keyUnit" label="重点单位" value={f.keyUnit} options={{ true: "是", false: "否" }} />
      <label>
        名称、地址或信用代码 <input type="search" name="q" defaultValue={f.q} maxLength={40} />
      </label>
      <button type="submit" className="btn primary">
        筛选
      </button>
      <Link className="btn" href="/console/units">
        清除
      </Link>
    </form>
  );
}

/** 登记新单位: the unit's basic facts; the rest of its file is filled in on the file's page. */
function RegisterForm(props: { townships: TownshipListed[] }) {
  const action = useAction();
  const [keyUnit, setKeyUnit] = useState(false);
  const errors = fieldErrors(action.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    void action
      .run(() =>
        api<UnitFile>("POST", "/api/units", {
          name: text("name"),
          creditCode: text("creditCode"),
          category: text("category"),
          townshipId: text("townshipId"),
          address: text("address"),
          phone: text("phone") || null,
          keyUnit,
        }),
      )
      .then((u) => {
        if (u) navigate(`/console/units/${encodeURIComponent(u.id)}`);
      });
  };
  return (
    <section aria-labelledby="register-title" className="noprint">
      <h2 id="register-title">登记新单位</h2>
      <p>带 * 的必须填写。登记后在单位档案页补充建筑、重点部位、消防设施和应急预案。</p>
      <form id="unit-create" className="form-grid" onSubmit={submit}>
        <Field label="单位名称 *" name="name" errors={errors}>
          <input required maxLength={60} autoComplete="organization" />
        </Field>
        <Field label="统一社会信用代码 *" name="creditCode" errors={errors} hint="18 位，含校验位">
          <input required maxLength={24} inputMode="text" autoComplete="off" />
        </Field>
        <Field label="单位类别 *" name="category" errors={errors}>
          <select required>
            {Object.entries(UNIT_CATEGORY_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <Field label="乡镇/街道 *" name="townshipId" errors={errors}>
          <select required>
            {props.townships.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="地址 *" name="address" errors={errors}>
          <input required maxLength={120} />
        </Field>
        <Field label="单位电话" name="phone" errors={errors}>
          <input maxLength={20} inputMode="tel" />
        </Field>
        <label>
          <input type="checkbox" name="keyUnit" checked={keyUnit} onChange={(e) => setKeyUnit(e.target.checked)} />{" "}
          消防安全重点单位
        </label>
        <button type="submit" className="btn primary" disabled={action.busy}>
          {action.busy ? "正在登记…" : "登记单位"}
        </button>
        <div className="form-result" id="unit-create-result">
          <ActionNotice action={action} />
        </div>
      </form>
    </section>
  );
}
