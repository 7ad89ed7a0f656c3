// Import page: the chosen sheet goes to /api/devices/import as base64; the answer lists every row with its
// reason. The API imports nothing when any row is bad, so the page only has to say so.
import { api, el, upload } from "./api.ts";
import { wireFilePicks } from "./file-pick.ts";

wireFilePicks();

// 设备型号 (administrators): add or change a model, then show the page again with it listed
const modelForm = document.getElementById("model-form") as HTMLFormElement | null;
modelForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(modelForm);
  const result = document.getElementById("model-result");
  const id = String(f.get("id") ?? "").trim();
  api("PUT", `/api/device-models/${encodeURIComponent(id)}`, {
    kind: String(f.get("kind")),
    vendor: String(f.get("vendor") ?? "").trim(),
    name: String(f.get("name") ?? "").trim(),
    heartbeatIntervalSec: Math.round(Number(f.get("hours")) * 3600),
    missedHeartbeats: Number(f.get("missed")),
  })
    .then(() => location.reload())
    .catch((e: Error) => {
      if (result) result.textContent = e.message;
    });
});

interface ImportResult {
  imported: number;
  rows: { row: number; serial: string | null; ok: boolean; error: string | null }[];
}

const form = document.getElementById("import-form") as HTMLFormElement | null;
const out = document.getElementById("import-result");

function base64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

form?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
  if (!file || !out) return;
  out.replaceChildren(el("p", { class: "notice" }, "正在检查…"));
  void file
    .arrayBuffer()
    .then((buf) =>
      api<ImportResult>("POST", "/api/devices/import", { filename: file.name, contentBase64: base64(buf) }),
    )
    .then((r) => {
      const bad = r.rows.filter((x) => !x.ok);
      const summary =
        bad.length || r.imported === 0
          ? el(
              "p",
              { class: "notice error", id: "import-summary" },
              `有 ${bad.length} 行有误，本次没有导入任何设备。请改正后重新上传。`,
            )
          : el("p", { class: "notice", id: "import-summary" }, `已导入 ${r.imported} 台设备。`);
      const table = el(
        "table",
        {},
        el("thead", {}, el("tr", {}, el("th", {}, "行号"), el("th", {}, "序列号"), el("th", {}, "结果"))),
        el(
          "tbody",
          {},
          ...r.rows.map((x) =>
            el(
              "tr",
              { class: x.ok ? "" : "bad-row" },
              el("td", { class: "num" }, String(x.row)),
              el("td", {}, x.serial ?? ""),
              el("td", { class: x.ok ? "ok" : "bad" }, x.ok ? "通过" : (x.error ?? "有误")),
            ),
          ),
        ),
      );
      out.replaceChildren(summary, table);
    })
    .catch((e: Error) => out.replaceChildren(el("p", { class: "notice error" }, e.message)));
});
// ---- the county's setup sheets (issue 14): raw xlsx to /api/setup/imports/<kind>, errors by row and column ----

interface CountyReport {
  ok: boolean;
  rows: number;
  written: number;
  errors: { row: number; column: string | null; reason: string }[];
  errorCount: number;
  badRows: number;
  errorsTruncated: boolean;
  extras: unknown;
}

const countyForm = document.getElementById("county-import-form") as HTMLFormElement | null;
const countyOut = document.getElementById("county-import-result");

countyForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const file = (countyForm.elements.namedItem("file") as HTMLInputElement).files?.[0];
  const kind = (countyForm.elements.namedItem("kind") as HTMLSelectElement).value;
  const dryRun = (countyForm.elements.namedItem("dryRun") as HTMLInputElement).checked;
  if (!file || !countyOut) return;
  countyOut.replaceChildren(el("p", { class: "notice" }, "正在检查，表格较大时需要一些时间…"));
  void upload<CountyReport>(
    `/api/setup/imports/${encodeURIComponent(kind)}${dryRun ? "?dryRun=1" : ""}`,
    new Blob([file], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }),
  )
    .then((r) => {
      const summary = !r.ok
        ? el(
            "p",
            { class: "notice error", id: "county-import-summary" },
            `共 ${r.rows} 行，其中 ${r.badRows} 行有误（${r.errorCount} 处），本次没有写入任何数据。请改正后重新上传。`,
          )
        : el(
            "p",
            { class: "notice", id: "county-import-summary" },
            dryRun ? `共 ${r.rows} 行，全部检查通过（未写入）。` : `共 ${r.rows} 行，已全部导入。`,
          );
      const parts: Node[] = [summary];
      if (r.errors.length)
        parts.push(
          el(
            "table",
            { id: "county-import-errors" },
            el("thead", {}, el("tr", {}, el("th", {}, "行号"), el("th", {}, "列"), el("th", {}, "原因"))),
            el(
              "tbody",
              {},
              ...r.errors.map((e) =>
                el(
                  "tr",
                  { class: "bad-row" },
                  el("td", { class: "num" }, String(e.row)),
                  el("td", {}, e.column ?? "整行"),
                  el("td", { class: "bad" }, e.reason),
                ),
              ),
            ),
          ),
        );
      const invites = Array.isArray(r.extras) ? (r.extras as { username: string; code: string }[]) : [];
      if (invites.length)
        parts.push(
          el("p", {}, "新账号的邀请码（只显示这一次，请逐一交给本人）："),
          el("ul", {}, ...invites.map((i) => el("li", {}, `${i.username}：${i.code}`))),
        );
      countyOut.replaceChildren(...parts);
    })
    .catch((e: Error) => countyOut.replaceChildren(el("p", { class: "notice error" }, e.message)));
});

document.body.dataset.ready = "1";
