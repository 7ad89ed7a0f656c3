// 单位档案 (issue 14, 一单位一档): one networked unit's whole file: basic facts and control room, buildings,
// key parts, fire facilities, people and documents; its editors add to each list and upload the emergency
// plan. Below, the yearly facility tests and monthly fire inspections (issue 18 item 2) with their reports;
// a maintenance technician records the yearly test, a unit's people the monthly inspection, each failed item
// becoming a hazard. GET /api/units/:id (another scope's unit: the API's 404, said here in words) and
// /api/units/:id/facility-tests; the forms are their PATCH and POST routes. At the top, 本页内容 (unit/toc.tsx):
// a link to each section shown, the form the person records first.
import { useState } from "react";
import type { FacilityTestKind, FacilityTestList, UnitFile } from "@anxin/contract/units";
import { FACILITY_TEST_KIND_LABEL, STAFF_ROLE_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { DataTable } from "../components/DataTable.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, pathId, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { dash, size, stageLabel } from "./unit-words.ts";
import { BuildingForm, DocumentForm, FacilityForm, KeyPartForm, type FormProps } from "./unit/forms.tsx";
import { TestsSection } from "./unit/tests.tsx";
import { UnitToc, type TocEntry } from "./unit/toc.tsx";

const CONFIRM_SOURCE: Record<string, string> = { unit: "本单位设定", county: "全县按类别设定" };
const roleName = (r: string) => (STAFF_ROLE_LABEL as Record<string, string | undefined>)[r] ?? r;
/** the sections' headings (a count after the list's), the words of their links in 本页内容 too */
const TITLE = {
  basic: "基本信息",
  buildings: "建筑",
  keyParts: "重点部位",
  facilities: "消防设施",
  people: "人员",
  documents: "资料",
  // unit/tests.tsx's heading
  tests: "年度检测与防火检查",
} as const;

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
  const showsTests = readsTests && tests.data !== null;
  // 本页内容: the sections shown, in the page's order; the form the person records first (unit/check-form.tsx's heading)
  const toc: TocEntry[] = [
    ...(showsTests && records
      ? [{ id: "record-title", label: `记录${FACILITY_TEST_KIND_LABEL[kind]}`, primary: true }]
      : []),
    { id: "basic-title", label: TITLE.basic },
    { id: "unit-buildings-title", label: TITLE.buildings },
    { id: "unit-key-parts-title", label: TITLE.keyParts },
    { id: "unit-facilities-title", label: TITLE.facilities },
    { id: "unit-people-title", label: TITLE.people },
    { id: "docs-title", label: TITLE.documents },
    ...(showsTests ? [{ id: "unit-test-records-title", label: TITLE.tests }] : []),
  ];
  return (
    <Page title={u.name}>
      {back}
      <UnitToc entries={toc} />
      <section aria-labelledby="basic-title" id="unit-basic">
        <h2 id="basic-title" tabIndex={-1}>
          {TITLE.basic}
        </h2>
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
          title={`${TITLE.buildings}（${u.buildings.length}）`}
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
          title={`${TITLE.keyParts}（${u.keyParts.length}）`}
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
          title={`${TITLE.facilities}（${u.facilities.length}）`}
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
          title={`${TITLE.people}（${u.people.length}）`}
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
        <h2 id="docs-title" tabIndex={-1}>
          {TITLE.documents}（{u.documents.length}）
        </h2>
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
