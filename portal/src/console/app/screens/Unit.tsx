// 单位档案 (issue 14, 一单位一档): one networked unit's whole file: basic facts and control room, buildings,
// key parts, fire facilities, people and documents; its editors add to each list and upload the emergency
// plan. Below, the yearly facility tests and monthly fire inspections (issue 18 item 2) with their reports;
// a maintenance technician records the yearly test, a unit's people the monthly inspection, each failed item
// becoming a hazard. GET /api/units/:id (another scope's unit: the API's 404, said here in words) and
// /api/units/:id/facility-tests; the forms are their PATCH and POST routes.
import { useState, type FormEvent } from "react";
import type { FacilityTestKind, FacilityTestList, UnitFile } from "@anxin/contract/units";
import {
  FACILITY_LABEL,
  FACILITY_TEST_KIND_LABEL,
  STAFF_ROLE_LABEL,
  UNIT_DOCUMENT_KIND_LABEL,
} from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api, ApiError, upload } from "../../client/api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { FilePick } from "../components/FilePick.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAction, useResource, type Action } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, pathId, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { dash, size, stageLabel, yearBefore } from "./unit-words.ts";

const FILE_TYPES = ".pdf,.docx,.jpg,.jpeg,.png";
const UPLOAD_KINDS = ["EMERGENCY_PLAN", "DRILL", "TEST_REPORT"] as const;
const CONFIRM_SOURCE: Record<string, string> = { unit: "本单位设定", county: "全县按类别设定" };
const roleName = (r: string) => (STAFF_ROLE_LABEL as Record<string, string | undefined>)[r] ?? r;

/**
 * The refused fields of one item of a list sent whole ("buildings.3.floorsAbove" -> floorsAbove), so the
 * form that added the item can mark them; other refusals are said in the form's notice.
 */
function itemErrors(error: unknown, list: string, index: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const d of error.details) {
    const [l, i, field] = d.path.split(".");
    if (l === list && Number(i) === index && field) out[field] ??= d.message;
  }
  return out;
}

export default function Unit() {
  const id = pathId(useLocation().pathname);
  const session = useSession();
  const path = `/api/units/${encodeURIComponent(id)}`;
  const file = useResource<UnitFile>(path);
  // the tests: the technician records the yearly test, a unit's people the monthly inspection
  const readsTests = inRoleSet(ROLE_SETS.inspectionReaders, session.role);
  const kind: FacilityTestKind = inRoleSet(ROLE_SETS.maintenanceTech, session.role)
    ? "FACILITY_TEST"
    : "MONTHLY_INSPECTION";
  const records = inRoleSet(
    kind === "FACILITY_TEST" ? ROLE_SETS.maintenanceTech : ROLE_SETS.monthlyInspectors,
    session.role,
  );
  const tests = useResource<FacilityTestList>(readsTests && file.data ? `${path}/facility-tests?kind=${kind}` : null);
  const canEdit = inRoleSet(ROLE_SETS.unitFileEditors, session.role);
  const canInvite = inRoleSet(ROLE_SETS.invitePages, session.role);
  const saved = useAction();
  // the form whose change ran last: its outcome is said under it
  const [lastForm, setLastForm] = useState("");
  useReady(file.data !== null && (!readsTests || tests.data !== null));

  const back = (
    <p className="filters noprint">
      <Link className="btn" href="/console/units">
        返回单位列表
      </Link>
      {canInvite && file.data ? (
        <Link className="btn" href={`/console/invites?unit=${encodeURIComponent(file.data.id)}`}>
          人员与邀请
        </Link>
      ) : null}
    </p>
  );
  const error = file.error ?? tests.error;
  if (error)
    return (
      <Page title="单位档案">
        {back}
        <LoadError error={error} />
      </Page>
    );
  if (!file.data)
    return (
      <Page title="单位档案">
        <Loading />
      </Page>
    );
  const u = file.data;
  /** each form's work: the change, then the file (and the tests) read again */
  const save = (form: string, work: () => Promise<unknown>, done: string) => {
    setLastForm(form);
    return saved
      .run(async () => {
        await work();
        file.reload();
        tests.reload();
        return true;
      }, done)
      .then((r) => r === true);
  };
  const forms: FormProps = { save, action: saved, unitPath: path, last: lastForm };
  return (
    <Page title={u.name}>
      {back}
      <section aria-labelledby="basic-title" id="unit-basic">
        <h2 id="basic-title">基本信息</h2>
        <dl className="facts">
          <dt>统一社会信用代码</dt>
          <dd>{u.creditCode}</dd>
          <dt>单位类别</dt>
          <dd>
            {u.categoryLabel}
            {u.keyUnit ? "（消防安全重点单位）" : ""}
          </dd>
          <dt>行业主管部门</dt>
          <dd>{u.sectorLabel}</dd>
          <dt>乡镇/街道</dt>
          <dd>{u.township.name}</dd>
          <dt>地址</dt>
          <dd>{u.address}</dd>
          <dt>单位电话</dt>
          <dd>{dash(u.phone)}</dd>
          <dt>消防控制室</dt>
          <dd>
            {dash(u.controlRoom.location)}，电话 {dash(u.controlRoom.phone)}
          </dd>
          <dt>火警确认时限</dt>
          <dd>
            {u.confirm.seconds} 秒（{CONFIRM_SOURCE[u.confirm.source] ?? "默认"}）
          </dd>
          <dt>维保单位</dt>
          <dd>{u.maintenanceCompany?.name ?? "—"}</dd>
          <dt>安装单位</dt>
          <dd>{u.installerCompany?.name ?? "—"}</dd>
          <dt>推进状态</dt>
          <dd>
            {stageLabel(u.rolloutStage)}
            {u.pilot ? "（试点单位）" : ""}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="unit-buildings-title">
        <DataTable
          id="unit-buildings"
          title={`建筑（${u.buildings.length}）`}
          rows={u.buildings}
          rowKey={(b) => b.id}
          rowData={(b) => ({ "data-building": b.name })}
          empty="还没有登记建筑。"
          columns={[
            { header: "名称", cell: (b) => b.name },
            { header: "地上层数", num: true, cell: (b) => b.floorsAbove },
            { header: "地下层数", num: true, cell: (b) => b.floorsBelow },
            { header: "高度（米）", num: true, cell: (b) => dash(b.heightM) },
            { header: "面积（平方米）", num: true, cell: (b) => dash(b.areaM2) },
            { header: "使用性质", cell: (b) => dash(b.use) },
            { header: "高层", cell: (b) => (b.highRise ? "是" : "否") },
            { header: "建成年份", num: true, cell: (b) => dash(b.yearBuilt) },
          ]}
        />
        {canEdit ? <BuildingForm {...forms} /> : null}
      </section>

      <section aria-labelledby="unit-key-parts-title">
        <DataTable
          id="unit-key-parts"
          title={`重点部位（${u.keyParts.length}）`}
          rows={u.keyParts}
          rowKey={(k) => k.id}
          rowData={(k) => ({ "data-key-part": k.name })}
          empty="还没有登记重点部位。"
          columns={[
            { header: "部位", cell: (k) => k.name },
            { header: "所在建筑", cell: (k) => dash(k.building) },
            { header: "楼层", num: true, cell: (k) => dash(k.floor) },
            { header: "说明", cell: (k) => dash(k.description) },
          ]}
        />
        {canEdit ? <KeyPartForm {...forms} buildings={u.buildings.map((b) => b.name)} /> : null}
      </section>

      <section aria-labelledby="unit-facilities-title">
        <DataTable
          id="unit-facilities"
          title={`消防设施（${u.facilities.length}）`}
          rows={u.facilities}
          rowKey={(x) => x.kind}
          rowData={(x) => ({ "data-facility": x.kind })}
          empty="还没有登记消防设施。"
          columns={[
            { header: "设施", cell: (x) => x.label },
            { header: "数量", num: true, cell: (x) => x.count },
            { header: "说明", cell: (x) => dash(x.description) },
            { header: "维保单位", cell: (x) => x.maintenanceCompany?.name ?? "—" },
            { header: "安装日期", cell: (x) => dash(x.installedOn) },
          ]}
        />
        {canEdit ? <FacilityForm {...forms} /> : null}
      </section>

      <section aria-labelledby="unit-people-title">
        <DataTable
          id="unit-people"
          title={`人员（${u.people.length}）`}
          rows={u.people}
          rowKey={(p) => p.id}
          rowData={(p) => ({ "data-person": p.id })}
          empty="还没有人员账号。"
          columns={[
            { header: "姓名", cell: (p) => p.name },
            { header: "职责", cell: (p) => roleName(p.role) },
            { header: "电话", cell: (p) => dash(p.phone) },
            { header: "状态", cell: (p) => (p.active ? "在岗" : "已停用") },
          ]}
        />
      </section>

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">资料（{u.documents.length}）</h2>
        {u.documents.length ? (
          <ul id="unit-documents">
            {u.documents.map((d) => (
              <li key={d.id}>
                <a href={`${path}/documents/${encodeURIComponent(d.id)}`}>
                  {d.kindLabel}：{d.title}
                </a>
                （{size(d.bytes)}）
              </li>
            ))}
          </ul>
        ) : (
          <p id="unit-documents-none">还没有资料。</p>
        )}
        {u.documents.some((d) => d.kind === "EMERGENCY_PLAN") ? null : (
          <p className="notice error" id="no-plan">
            尚未上传灭火和应急疏散预案。
          </p>
        )}
        {canEdit ? <DocumentForm {...forms} /> : null}
      </section>

      {readsTests && tests.data ? (
        <TestsSection {...forms} tests={tests.data} record={records ? kind : null} key={tests.data.items.length} />
      ) : null}
    </Page>
  );
}

interface FormProps {
  /** runs a form's change and reads the file again; true when it was saved */
  save: (form: string, work: () => Promise<unknown>, done: string) => Promise<boolean>;
  action: Action;
  unitPath: string;
  /** the form whose change ran last */
  last: string;
}

/** What became of a form's change (saving, saved, or the refusal in words), under the form that sent it. */
function FormResult(props: FormProps & { form: string }) {
  if (props.last !== props.form) return null;
  return (
    <div className="form-result" id="unit-edit-result">
      {props.action.busy ? (
        <p className="muted" role="status">
          正在保存…
        </p>
      ) : (
        <ActionNotice action={props.action} />
      )}
    </div>
  );
}

/** The file as it is now: a list sent in a change replaces the unit's list, so each form sends it whole. */
const current = (unitPath: string) => api<UnitFile>("GET", unitPath);

const numberOf = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
};
const textOf = (v: FormDataEntryValue | null) => String(v ?? "").trim();

/** A form that adds to the file; the fields it marks are those of the item it added. */
function useAddForm(props: FormProps, form: string, list: string) {
  const [index, setIndex] = useState(-1);
  const errors =
    props.last === form && index >= 0 && props.action.error ? itemErrors(props.action.error, list, index) : {};
  const submit =
    (build: (data: FormData, file: UnitFile) => { index: number; body: Record<string, unknown> }, done: string) =>
    (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      const data = new FormData(form);
      void props
        .save(
          form.id,
          async () => {
            const change = build(data, await current(props.unitPath));
            setIndex(change.index);
            await api("PATCH", props.unitPath, change.body);
          },
          done,
        )
        .then((ok) => ok && form.reset());
    };
  return { errors, submit };
}

function BuildingForm(props: FormProps) {
  const { errors, submit } = useAddForm(props, "building-add", "buildings");
  const onSubmit = submit((data, file) => {
    const buildings: Record<string, unknown>[] = file.buildings.map((b) => ({
      name: b.name,
      floorsAbove: b.floorsAbove,
      floorsBelow: b.floorsBelow,
      heightM: b.heightM,
      areaM2: b.areaM2,
      use: b.use,
      highRise: b.highRise,
      yearBuilt: b.yearBuilt,
    }));
    buildings.push({
      name: textOf(data.get("name")),
      floorsAbove: numberOf(data.get("floorsAbove")),
      floorsBelow: 0,
      heightM: numberOf(data.get("heightM")),
      areaM2: null,
      use: textOf(data.get("use")) || null,
      highRise: null,
      yearBuilt: null,
    });
    return { index: buildings.length - 1, body: { buildings } };
  }, "建筑已添加");
  return (
    <form id="building-add" className="form-grid noprint" aria-label="添加建筑" onSubmit={onSubmit}>
      <Field label="建筑名称 *" name="name" errors={errors}>
        <input id="building-name" required maxLength={40} />
      </Field>
      <Field label="地上层数 *" name="floorsAbove" errors={errors}>
        <input id="building-floors" type="number" min={1} max={200} required />
      </Field>
      <Field label="建筑高度（米）" name="heightM" errors={errors}>
        <input id="building-height" type="number" min={0} max={700} step={0.1} />
      </Field>
      <Field label="使用性质" name="use" errors={errors}>
        <input id="building-use" maxLength={30} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加建筑
      </button>
      <FormResult {...props} form="building-add" />
    </form>
  );
}

function KeyPartForm(props: FormProps & { buildings: string[] }) {
  const { errors, submit } = useAddForm(props, "key-part-add", "keyParts");
  const onSubmit = submit((data, file) => {
    const keyParts: Record<string, unknown>[] = file.keyParts.map((k) => ({
      name: k.name,
      building: k.building,
      floor: k.floor,
      description: k.description,
    }));
    keyParts.push({
      name: textOf(data.get("name")),
      building: textOf(data.get("building")) || null,
      floor: numberOf(data.get("floor")),
      description: null,
    });
    return { index: keyParts.length - 1, body: { keyParts } };
  }, "重点部位已添加");
  return (
    <form id="key-part-add" className="form-grid noprint" aria-label="添加重点部位" onSubmit={onSubmit}>
      <Field label="部位名称 *" name="name" errors={errors}>
        <input id="key-part-name" required maxLength={40} />
      </Field>
      <Field label="所在建筑" name="building" errors={errors}>
        <select id="key-part-building" defaultValue="">
          <option value="">（不指定）</option>
          {props.buildings.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </Field>
      <Field label="楼层" name="floor" errors={errors}>
        <input id="key-part-floor" type="number" min={-20} max={200} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加重点部位
      </button>
      <FormResult {...props} form="key-part-add" />
    </form>
  );
}

function FacilityForm(props: FormProps) {
  const { errors, submit } = useAddForm(props, "facility-add", "facilities");
  const onSubmit = submit((data, file) => {
    const kind = textOf(data.get("kind"));
    const facilities: Record<string, unknown>[] = file.facilities
      .filter((x) => x.kind !== kind)
      .map((x) => ({
        kind: x.kind,
        count: x.count,
        description: x.description,
        maintenanceCompanyId: x.maintenanceCompany?.id ?? null,
        installedOn: x.installedOn,
      }));
    facilities.push({
      kind,
      count: numberOf(data.get("count")) ?? 1,
      description: null,
      maintenanceCompanyId: null,
      installedOn: null,
    });
    return { index: facilities.length - 1, body: { facilities } };
  }, "消防设施已保存");
  return (
    <form id="facility-add" className="form-grid noprint" aria-label="添加或更新消防设施" onSubmit={onSubmit}>
      <Field label="设施" name="kind" errors={errors}>
        <select id="facility-kind">
          {Object.entries(FACILITY_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </Field>
      <Field label="数量" name="count" errors={errors}>
        <input id="facility-count" type="number" min={1} max={100000} defaultValue={1} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加或更新设施
      </button>
      <FormResult {...props} form="facility-add" />
    </form>
  );
}

function DocumentForm(props: FormProps) {
  const [file, setFile] = useState<File | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    void props
      .save(
        "document-upload",
        async () => {
          if (!file) throw new Error("请选择文件");
          const qs = new URLSearchParams({ kind: textOf(data.get("kind")), title: textOf(data.get("title")) });
          await upload(`${props.unitPath}/documents?${qs.toString()}`, file);
        },
        "资料已上传",
      )
      .then((ok) => {
        if (!ok) return;
        form.reset();
        setFile(null);
      });
  };
  return (
    <form id="document-upload" className="form-grid noprint" aria-label="上传资料" onSubmit={submit}>
      <Field label="资料类别" name="kind" errors={{}}>
        <select id="document-kind">
          {UPLOAD_KINDS.map((k) => (
            <option key={k} value={k}>
              {UNIT_DOCUMENT_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="资料名称 *" name="title" errors={{}}>
        <input id="document-title" required maxLength={60} />
      </Field>
      <FilePick
        id="document-file"
        name="file"
        label="文件（PDF、Word、JPEG、PNG，20 MB 以内）"
        accept={FILE_TYPES}
        onChange={(files) => setFile(files[0] ?? null)}
      />
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        上传
      </button>
      <FormResult {...props} form="document-upload" />
    </form>
  );
}

/** 年度检测与防火检查: the records with their reports, and the form to record one. */
function TestsSection(props: FormProps & { tests: FacilityTestList; record: FacilityTestKind | null }) {
  const t = props.tests;
  const lastYearly = t.items.find((r) => r.kind === "FACILITY_TEST");
  return (
    <section aria-labelledby="unit-test-records-title" id="unit-tests">
      {lastYearly && lastYearly.testedOn >= yearBefore(t.today) ? null : (
        <p className="notice error" id="no-yearly-test">
          近一年没有维保单位的年度消防设施检测记录。
        </p>
      )}
      <DataTable
        id="unit-test-records"
        title={`年度检测与防火检查（${t.items.length}）`}
        rows={t.items}
        rowKey={(r) => r.id}
        rowData={(r) => ({ "data-test": r.id })}
        empty="还没有检测或检查记录。"
        columns={[
          { header: "日期", cell: (r) => r.testedOn },
          { header: "类别", cell: (r) => r.kindLabel },
          { header: "记录人", cell: (r) => r.by.name },
          {
            header: "结果",
            cell: (r) => (
              <>
                {r.ok ? "全部合格" : <span className="bad">{r.failed} 项不合格</span>}
                {r.summary ? (
                  <>
                    <br />
                    {r.summary}
                  </>
                ) : null}
              </>
            ),
          },
          {
            header: "不合格项（已转为隐患）",
            cell: (r) =>
              r.items
                .filter((i) => !i.ok)
                .map((i) => (
                  <div key={i.item}>
                    {i.item}
                    {i.note ? `（${i.note}）` : ""}
                    {i.hazardId ? (
                      <>
                        {" "}
                        <Link href={`/console/hazards/${encodeURIComponent(i.hazardId)}`}>查看隐患</Link>
                      </>
                    ) : null}
                  </div>
                )),
          },
          {
            header: "报告",
            cell: (r) => (
              <>
                {r.reports.length ? (
                  r.reports.map((d) => (
                    <div key={d.id}>
                      <a href={d.url}>{d.title}</a>（{size(d.bytes)}）
                    </div>
                  ))
                ) : (
                  <span className="bad">未附报告</span>
                )}
                {props.record ? <ReportForm {...props} testId={r.id} title={`${r.kindLabel}报告`} /> : null}
              </>
            ),
          },
        ]}
      />
      {props.record ? <RecordForm {...props} kind={props.record} /> : null}
    </section>
  );
}

/** Attach a report to a recorded test. */
function ReportForm(props: FormProps & { testId: string; title: string }) {
  const [file, setFile] = useState<File | null>(null);
  const id = `test-report-${props.testId}`;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const title = textOf(new FormData(e.currentTarget).get("title"));
    void props.save(
      id,
      async () => {
        if (!file) throw new Error("请选择报告文件");
        const qs = new URLSearchParams({ title });
        await upload(
          `${props.unitPath}/facility-tests/${encodeURIComponent(props.testId)}/report?${qs.toString()}`,
          file,
        );
      },
      "报告已附上",
    );
  };
  return (
    <form className="test-report-upload noprint" data-test={props.testId} aria-label="附上报告" onSubmit={submit}>
      <label htmlFor={`${id}-title`}>报告名称</label>
      <input id={`${id}-title`} name="title" required maxLength={60} defaultValue={props.title} />
      <FilePick
        id={`${id}-file`}
        name="file"
        label="报告文件（PDF、Word、JPEG、PNG）"
        accept={FILE_TYPES}
        onChange={(files) => setFile(files[0] ?? null)}
      />
      <button type="submit" className="btn" disabled={props.action.busy}>
        附上报告
      </button>
      <FormResult {...props} form={id} />
    </form>
  );
}

/** Record a test of the viewer's kind: each item passed or failed (a failed item becomes a hazard). */
function RecordForm(props: FormProps & { tests: FacilityTestList; kind: FacilityTestKind }) {
  const { template, today } = props.tests;
  const [file, setFile] = useState<File | null>(null);
  const label = FACILITY_TEST_KIND_LABEL[props.kind];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const testedOn = textOf(data.get("testedOn"));
    const summary = textOf(data.get("summary"));
    const items = template.map((x, i) => {
      const note = textOf(data.get(`note${i}`));
      return {
        item: x.item,
        ok: data.get(`ok${i}`) === "1",
        ...(note ? { note } : {}),
        ...(x.facilityKind ? { facilityKind: x.facilityKind } : {}),
      };
    });
    void props.save(
      "facility-test-add",
      async () => {
        const rec = await api<{ id: string; kindLabel: string }>("POST", `${props.unitPath}/facility-tests`, {
          kind: props.kind,
          testedOn,
          items,
          ...(summary ? { summary } : {}),
        });
        if (file) {
          const qs = new URLSearchParams({ title: `${testedOn} ${rec.kindLabel}报告` });
          await upload(`${props.unitPath}/facility-tests/${encodeURIComponent(rec.id)}/report?${qs.toString()}`, file);
        }
      },
      `${label}已记录`,
    );
  };
  return (
    <form
      id="facility-test-add"
      className="noprint"
      data-kind={props.kind}
      aria-labelledby="record-title"
      onSubmit={submit}
    >
      <h3 id="record-title">记录{label}</h3>
      <p>
        <label>
          检测日期 <input name="testedOn" type="date" required max={today} defaultValue={today} />
        </label>
      </p>
      <table id="facility-test-items" aria-labelledby="record-title">
        <thead>
          <tr>
            <th scope="col">项目</th>
            <th scope="col">结果</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {template.map((x, i) => (
            <tr key={x.item}>
              <td>{x.item}</td>
              <td>
                <select name={`ok${i}`} aria-label={`${x.item} 结果`} defaultValue="1">
                  <option value="1">合格</option>
                  <option value="0">不合格</option>
                </select>
              </td>
              <td>
                <input name={`note${i}`} maxLength={200} aria-label={`${x.item} 说明`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {template.length ? null : <p className="notice">该单位档案中还没有消防设施，请先在“消防设施”中添加。</p>}
      <p>
        <label>
          结论与说明 <input name="summary" maxLength={500} />
        </label>
      </p>
      <FilePick
        id="facility-test-file"
        name="file"
        label="报告文件（PDF、Word、JPEG、PNG，20 MB 以内）"
        accept={FILE_TYPES}
        required={false}
        onChange={(files) => setFile(files[0] ?? null)}
      />
      <button type="submit" className="btn primary" disabled={props.action.busy || !template.length}>
        保存记录
      </button>
      <FormResult {...props} form="facility-test-add" />
    </form>
  );
}
