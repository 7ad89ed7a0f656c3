// 单位档案's yearly facility tests and monthly fire inspections (issue 18 item 2): the records with their
// reports; a maintenance technician records the yearly test, a unit's people the monthly inspection.
import { useState, type FormEvent } from "react";
import type { FacilityTestKind, FacilityTestList } from "@anxin/contract/units";
import { FACILITY_TEST_KIND_LABEL } from "@anxin/contract/labels";
import { api, upload } from "../../../client/api.ts";
import { CardTable, Cell, DataTable, headCells, Row } from "../../components/DataTable.tsx";
import { FilePick } from "../../components/FilePick.tsx";
import { Link } from "../../lib/router.tsx";
import { size, yearBefore } from "../unit-words.ts";
import { FILE_TYPES, FormResult, textOf, type FormProps } from "./forms.tsx";

/** 年度检测与防火检查: the records with their reports, and the form to record one. */
export function TestsSection(props: FormProps & { tests: FacilityTestList; record: FacilityTestKind | null }) {
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
      <CardTable id="facility-test-items" aria-labelledby="record-title" head={headCells(["项目", "结果", "说明"])}>
        {template.map((x, i) => (
          <Row key={x.item}>
            <Cell label="项目">{x.item}</Cell>
            <Cell label="结果">
              <select name={`ok${i}`} aria-label={`${x.item} 结果`} defaultValue="1">
                <option value="1">合格</option>
                <option value="0">不合格</option>
              </select>
            </Cell>
            <Cell label="说明">
              <input name={`note${i}`} maxLength={200} aria-label={`${x.item} 说明`} />
            </Cell>
          </Row>
        ))}
      </CardTable>
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
