// 批量导入: what the caller may import, each section for the roles its API lets in (the API decides again):
// - 设备型号 (the county's administrator): the catalogue devices are registered against (DeviceModels.tsx);
// - 设备 (property companies, administrators): an xlsx/CSV sheet to POST /api/devices/import as base64, all
//   or nothing, every row with its reason; the template is /console/import/template.xlsx;
// - the county's setup sheets (programme office, administrators): townships ... units and staff, a template
//   each (/api/setup/imports/<kind>/template.xlsx), the raw xlsx to POST /api/setup/imports/<kind>, errors by
//   row and column, new accounts' invitation codes shown once.
import { useState, type FormEvent } from "react";
import type { DeviceImportResponse, DeviceModelListResponse } from "@anxin/contract/devices";
import type { SetupImportKindsResponse, SetupImportReport } from "@anxin/contract/setup";
import { DEVICE_SHEET_HEADERS } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api, upload } from "../../client/api.ts";
import { CardTable, Cell, headCells, Row } from "../components/DataTable.tsx";
import { FilePick } from "../components/FilePick.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { useSession } from "../session.ts";
import { DeviceModels } from "./DeviceModels.tsx";

/** the API takes at most 8,000,000 characters of base64: a sheet of about 6 MB */
const DEVICE_SHEET_MAX_BYTES = 5_900_000;
/** the setup sheets' upload limit (DEFAULT_READ_LIMITS.maxBytes in the imports module) */
const COUNTY_SHEET_MAX_BYTES = 20 * 1024 * 1024;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export default function Import() {
  const { role } = useSession();
  const admin = inRoleSet(ROLE_SETS.admin, role);
  const devices = inRoleSet(ROLE_SETS.propertyDesk, role);
  const county = inRoleSet(ROLE_SETS.countySetup, role);
  const models = useResource<DeviceModelListResponse>(admin ? "/api/device-models" : null);
  const kinds = useResource<SetupImportKindsResponse>(county ? "/api/setup/imports" : null);
  useReady((!admin || Boolean(models.data || models.error)) && (!county || Boolean(kinds.data || kinds.error)));
  return (
    <Page title="批量导入">
      {admin ? <DeviceModels list={models} /> : null}
      {devices ? <DeviceSheet /> : null}
      {county ? <CountySheets kinds={kinds.data?.items ?? null} error={kinds.error} /> : null}
    </Page>
  );
}

function base64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const chosenFile = (form: HTMLFormElement): File | null =>
  (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0] ?? null;

function DeviceSheet() {
  const a = useAction();
  const [result, setResult] = useState<DeviceImportResponse | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = chosenFile(e.currentTarget);
    if (!file) return;
    void a
      .run(async () => {
        if (file.size > DEVICE_SHEET_MAX_BYTES) throw new Error("文件太大（最多约 5.9 MB），请分成几张表上传。");
        const contentBase64 = base64(await file.arrayBuffer());
        return api<DeviceImportResponse>("POST", "/api/devices/import", { filename: file.name, contentBase64 });
      })
      .then((r) => setResult(r ?? null));
  };
  const bad = result ? result.rows.filter((x) => !x.ok) : [];
  return (
    <section aria-labelledby="device-import-title" id="device-import">
      <h2 id="device-import-title">设备</h2>
      <p>
        按模板填写设备清单（列：{DEVICE_SHEET_HEADERS.join("、")}），上传后逐行检查：
        <strong>只要有一行有误，就一台都不导入</strong>，改正后重新上传即可。
      </p>
      <p>
        <a className="btn" id="template" href="/console/import/template.xlsx">
          下载模板（xlsx）
        </a>
      </p>
      <form id="import-form" className="filters" aria-label="上传设备清单" onSubmit={submit}>
        <FilePick id="device-file" name="file" label="设备清单（xlsx 或 csv）" accept=".xlsx,.csv" />
        <button type="submit" className="btn primary" disabled={a.busy}>
          上传并导入
        </button>
      </form>
      <div id="import-result" aria-live="polite">
        {a.busy ? <p className="notice">正在检查…</p> : null}
        <ActionNotice action={a} />
        {result && !a.busy && !a.error ? (
          <>
            {bad.length || result.imported === 0 ? (
              <p className="notice error" id="import-summary">
                有 {bad.length} 行有误，本次没有导入任何设备。请改正后重新上传。
              </p>
            ) : (
              <p className="notice" id="import-summary">
                已导入 {result.imported} 台设备。
              </p>
            )}
            <CardTable
              id="import-rows"
              aria-label="逐行检查结果"
              head={headCells(["行号", "序列号", "结果"], ["行号"])}
            >
              {result.rows.map((x) => (
                <Row key={x.row} className={x.ok ? undefined : "bad-row"}>
                  <Cell label="行号" num>
                    {x.row}
                  </Cell>
                  <Cell label="序列号">{x.serial ?? ""}</Cell>
                  <Cell label="结果" className={x.ok ? "ok" : "bad"}>
                    {x.ok ? "通过" : (x.error ?? "有误")}
                  </Cell>
                </Row>
              ))}
            </CardTable>
          </>
        ) : null}
      </div>
    </section>
  );
}

function CountySheets(props: { kinds: SetupImportKindsResponse["items"] | null; error: Error | null }) {
  const a = useAction();
  const [done, setDone] = useState<{ report: SetupImportReport; dryRun: boolean } | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = chosenFile(form);
    const kind = (form.elements.namedItem("kind") as HTMLSelectElement).value;
    const dryRun = (form.elements.namedItem("dryRun") as HTMLInputElement).checked;
    if (!file) return;
    void a
      .run(() => {
        if (file.size > COUNTY_SHEET_MAX_BYTES) throw new Error("文件太大（最多 20 MB）。");
        return upload<SetupImportReport>(
          `/api/setup/imports/${encodeURIComponent(kind)}${dryRun ? "?dryRun=1" : ""}`,
          new Blob([file], { type: XLSX }),
        );
      })
      .then((report) => setDone(report ? { report, dryRun } : null));
  };
  const r = done?.report;
  const invites = r && Array.isArray(r.extras) ? (r.extras as { username: string; code: string }[]) : [];
  return (
    <section aria-labelledby="county-import-title" id="county-import">
      <h2 id="county-import-title">全县基础数据与联网单位</h2>
      <p>
        按顺序导入：乡镇/街道、物业公司、小区、楼栋、住户、维保和安装单位、联网单位、人员账号。每张表先逐行检查，
        <strong>只要有一行有误，就一行都不写入</strong>，并列出每个错误的行号、列名和原因。
      </p>
      {props.error ? <LoadError error={props.error} /> : null}
      {!props.kinds && !props.error ? <Loading /> : null}
      {props.kinds ? (
        <>
          <CardTable
            id="county-sheets"
            aria-label="可导入的表格"
            head={headCells(["表格", "内容", "最多行数", "模板"], ["最多行数"])}
          >
            {props.kinds.map((k) => (
              <Row key={k.key}>
                <Cell label="表格">{k.title}</Cell>
                <Cell label="内容">{k.description}</Cell>
                <Cell label="最多行数" num>
                  {k.maxRows}
                </Cell>
                <Cell label="模板">
                  <a className="btn" href={`/api/setup/imports/${encodeURIComponent(k.key)}/template.xlsx`}>
                    下载“{k.title}”模板
                  </a>
                </Cell>
              </Row>
            ))}
          </CardTable>
          <form id="county-import-form" className="filters" aria-label="上传全县表格" onSubmit={submit}>
            <label>
              表格类别{" "}
              <select name="kind">
                {props.kinds.map((k) => (
                  <option key={k.key} value={k.key}>
                    {k.title}
                  </option>
                ))}
              </select>
            </label>
            <FilePick id="county-file" name="file" label="文件（xlsx）" accept=".xlsx" />
            <label>
              <input type="checkbox" name="dryRun" value="1" /> 只检查，不写入
            </label>
            <button type="submit" className="btn primary" disabled={a.busy}>
              上传并导入
            </button>
          </form>
        </>
      ) : null}
      <div id="county-import-result" aria-live="polite">
        {a.busy ? <p className="notice">正在检查，表格较大时需要一些时间…</p> : null}
        <ActionNotice action={a} />
        {r && !a.busy && !a.error ? (
          <>
            {!r.ok ? (
              <p className="notice error" id="county-import-summary">
                共 {r.rows} 行，其中 {r.badRows} 行有误（{r.errorCount} 处），本次没有写入任何数据。请改正后重新上传。
              </p>
            ) : (
              <p className="notice" id="county-import-summary">
                {done?.dryRun ? `共 ${r.rows} 行，全部检查通过（未写入）。` : `共 ${r.rows} 行，已全部导入。`}
              </p>
            )}
            {r.errors.length ? (
              <CardTable
                id="county-import-errors"
                aria-label="有误的行"
                head={headCells(["行号", "列", "原因"], ["行号"])}
              >
                {r.errors.map((e, i) => (
                  <Row key={i} className="bad-row">
                    <Cell label="行号" num>
                      {e.row}
                    </Cell>
                    <Cell label="列">{e.column ?? "整行"}</Cell>
                    <Cell label="原因" className="bad">
                      {e.reason}
                    </Cell>
                  </Row>
                ))}
              </CardTable>
            ) : null}
            {r.errorsTruncated ? (
              <p className="notice">只列出了前 {r.errors.length} 处错误，改正后再上传可看到其余的。</p>
            ) : null}
            {invites.length ? (
              <>
                <p>新账号的邀请码（只显示这一次，请逐一交给本人）：</p>
                <ul id="county-import-invites">
                  {invites.map((i) => (
                    <li key={i.username}>
                      {i.username}：{i.code}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
