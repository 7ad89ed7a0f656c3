// 单位档案's yearly facility tests and monthly fire inspections (issue 18 item 2): the records with their
// reports; a maintenance technician records the yearly test, a unit's people the monthly inspection (the form:
// check-form.tsx).
import { useState, type FormEvent } from "react";
import type { FacilityTestKind, FacilityTestList } from "@anxin/contract/units";
import { upload } from "../../../client/api.ts";
import { DataTable } from "../../components/DataTable.tsx";
import { FilePick } from "../../components/FilePick.tsx";
import { Link } from "../../lib/router.tsx";
import { size, yearBefore } from "../unit-words.ts";
import { CheckForm } from "./check-form.tsx";
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
      {props.record ? <CheckForm {...props} kind={props.record} /> : null}
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
