// A file chooser that speaks Chinese (issue 22 item 8): the browser's own says "Choose File" / "No file
// chosen" in the browser's language and no page can change those words. The real input stays in the form
// (keyboard focus, `required`, the tests' setInputFiles) but is drawn as a button label of ours with the
// chosen file's name beside it (client/file-pick.ts keeps the name up to date).
import { html, raw, type Html } from "../../server/render/html.ts";

export const NO_FILE = "未选择文件";

export function filePick(opts: {
  id: string;
  name: string;
  label: string;
  accept: string;
  required?: boolean;
  multiple?: boolean;
}): Html {
  const req = (opts.required === false ? "" : " required") + (opts.multiple ? " multiple" : "");
  return html`<span class="file-pick"><span class="file-what" id="${opts.id}-what">${opts.label}</span><input type="file" id="${opts.id}" name="${opts.name}" accept="${opts.accept}" aria-labelledby="${opts.id}-what ${opts.id}-name"${raw(req)}><label class="btn file-button" for="${opts.id}">选择文件…</label><span class="file-name" id="${opts.id}-name">${NO_FILE}</span></span>`;
}
