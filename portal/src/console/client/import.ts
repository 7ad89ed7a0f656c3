// Import page: the chosen sheet goes to /api/devices/import as base64; the answer lists every row with its
// reason. The API imports nothing when any row is bad, so the page only has to say so.
import { api, el } from "./api.ts";

interface ImportResult {
  imported: number;
  rows: { row: number; serial: string | null; ok: boolean; error: string | null }[];
}

const form = document.getElementById("import-form") as HTMLFormElement;
const out = document.getElementById("import-result")!;

function base64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
  if (!file) return;
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
document.body.dataset.ready = "1";
