// 体验馆 page: save a centre's details, add a weekly template, add a closure, generate sessions from the
// templates and cancel one session, each through the bookings JSON API (which checks the caller runs the
// centre). A field the API refuses is marked beside its input; on success the page reloads to show what
// was saved, with a line saying so.
import { api, ApiError, el } from "./api.ts";

const DONE_KEY = "anxin-centres-done";
const CJK = /[\u4e00-\u9fff]/;

/** One named control (the weekday boxes share a name: they are read by their own query). */
const field = (form: HTMLFormElement, name: string) => {
  const f = form.elements.namedItem(name);
  return f instanceof HTMLInputElement || f instanceof HTMLSelectElement ? f : null;
};
const value = (form: HTMLFormElement, name: string) => (field(form, name)?.value ?? "").trim();
const optionalNumber = (v: string) => (v === "" ? null : Number(v));

/** A problem with one field, found before sending. */
class FieldProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function required(form: HTMLFormElement, names: string[]): void {
  for (const n of names) if (!value(form, n)) throw new FieldProblem(n, "请填写");
}

function clearErrors(form: HTMLFormElement): void {
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  form.querySelector(".form-result")?.replaceChildren();
}

/** Marks the field the API (or the check before sending) named; false when no field of this form has the name. */
function markField(form: HTMLFormElement, path: string, message: string): boolean {
  const name = path.split(".")[0] ?? "";
  const target: HTMLElement | null =
    name === "weekdays" ? form.querySelector<HTMLElement>("fieldset.weekdays") : field(form, name);
  if (!target) return false;
  if (!(target instanceof HTMLFieldSetElement)) target.setAttribute("aria-invalid", "true");
  const id = `${form.id}-${name}-error`;
  target.setAttribute("aria-describedby", id);
  (target instanceof HTMLFieldSetElement ? target : (target.closest("label") ?? target)).append(
    el("span", { class: "bad field-error", id }, CJK.test(message) ? message : "填写有误"),
  );
  return true;
}

function showError(form: HTMLFormElement, e: unknown): void {
  const out = form.querySelector(".form-result");
  if (e instanceof FieldProblem) {
    markField(form, e.path, e.message);
    out?.replaceChildren(el("span", { class: "bad" }, "请检查标红的项"));
    form.querySelector<HTMLElement>(`[name="${e.path}"]`)?.focus();
    return;
  }
  const marked = e instanceof ApiError ? e.details.filter((d) => markField(form, d.path, d.message)).length : 0;
  const text = e instanceof Error ? e.message : String(e);
  out?.replaceChildren(el("span", { class: "bad" }, marked ? `请检查标红的项（${text}）` : text));
}

/** Sends a form's request; on success reloads (or goes to `next`) and says `done` there. */
function bind(id: string, send: (form: HTMLFormElement, centre: string) => Promise<string>) {
  const form = document.getElementById(id) as HTMLFormElement | null;
  form?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.disabled = true;
    form.querySelector(".form-result")?.replaceChildren(el("span", {}, "正在保存…"));
    send(form, form.dataset.centre ?? "")
      .then((done) => {
        sessionStorage.setItem(DONE_KEY, done);
        location.reload();
      })
      .catch((e: unknown) => {
        showError(form, e);
        button.disabled = false;
      });
  });
}

const url = (centre: string, rest = "") => `/api/centres/${encodeURIComponent(centre)}${rest}`;

bind("centre-edit", async (f, centre) => {
  required(f, ["name", "address", "openingHours", "capacity"]);
  await api("PATCH", url(centre), {
    name: value(f, "name"),
    address: value(f, "address"),
    openingHours: value(f, "openingHours"),
    phone: value(f, "phone") || null,
    capacity: Number(value(f, "capacity")),
    facilities: value(f, "facilities")
      .split(/[、,，;；\n]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  });
  return "场馆信息已保存";
});

bind("template-add", async (f, centre) => {
  required(f, ["title", "startTime", "endTime", "capacity"]);
  const weekdays = [...f.querySelectorAll<HTMLInputElement>("input[name=weekdays]:checked")].map((x) =>
    Number(x.value),
  );
  if (!weekdays.length) throw new FieldProblem("weekdays", "请至少选一天");
  if (value(f, "endTime") <= value(f, "startTime")) throw new FieldProblem("endTime", "结束时间应晚于开始时间");
  await api("POST", url(centre, "/templates"), {
    topic: value(f, "topic"),
    title: value(f, "title"),
    weekdays,
    startTime: value(f, "startTime"),
    endTime: value(f, "endTime"),
    capacity: Number(value(f, "capacity")),
    minAge: optionalNumber(value(f, "minAge")),
    maxAge: optionalNumber(value(f, "maxAge")),
  });
  return `已添加模板“${value(f, "title")}”；点“按模板生成场次”排出具体场次`;
});

bind("closure-add", async (f, centre) => {
  required(f, ["startDate", "endDate", "reason"]);
  if (value(f, "endDate") < value(f, "startDate")) throw new FieldProblem("endDate", "结束日期应不早于开始日期");
  const r = await api<{ cancelledSessions: number; notifiedBookings: number }>("POST", url(centre, "/closures"), {
    startDate: value(f, "startDate"),
    endDate: value(f, "endDate"),
    reason: value(f, "reason"),
  });
  return `已登记闭馆 ${value(f, "startDate")} 至 ${value(f, "endDate")}：取消场次 ${r.cancelledSessions} 场，通知预约 ${r.notifiedBookings} 个`;
});

bind("sessions-generate", async (f, centre) => {
  required(f, ["from", "to"]);
  if (value(f, "to") < value(f, "from")) throw new FieldProblem("to", "结束日期应不早于开始日期");
  const r = await api<{ created: number }>("POST", url(centre, "/sessions/generate"), {
    from: value(f, "from"),
    to: value(f, "to"),
  });
  return r.created ? `已生成 ${r.created} 场` : "没有新场次可生成（已生成过，或没有启用的模板，或在闭馆期内）";
});

// cancel one session: a dialog asks for the reason those booked will read
const dialog = document.getElementById("cancel-dialog") as HTMLDialogElement | null;
const cancelForm = document.getElementById("cancel-form") as HTMLFormElement | null;
let cancelling = "";
document.getElementById("sessions")?.addEventListener("click", (ev) => {
  const b = (ev.target as HTMLElement).closest<HTMLButtonElement>("button.cancel-session");
  if (!b?.dataset.id || !dialog || !cancelForm) return;
  cancelling = b.dataset.id;
  clearErrors(cancelForm);
  cancelForm.reset();
  document.getElementById("cancel-what")!.textContent = `${b.getAttribute("aria-label") ?? ""}？`;
  dialog.showModal();
  field(cancelForm, "reason")?.focus();
});
document.getElementById("cancel-close")?.addEventListener("click", () => dialog?.close());
cancelForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  clearErrors(cancelForm);
  const button = cancelForm.querySelector<HTMLButtonElement>("button[type=submit]")!;
  button.disabled = true;
  Promise.resolve()
    .then(() => {
      required(cancelForm, ["reason"]);
      return api("POST", `/api/sessions/${encodeURIComponent(cancelling)}/cancel`, {
        reason: value(cancelForm, "reason"),
      });
    })
    .then(() => {
      sessionStorage.setItem(DONE_KEY, "场次已取消，已预约的人会收到通知");
      location.reload();
    })
    .catch((e: unknown) => {
      showError(cancelForm, e);
      button.disabled = false;
    });
});

const done = sessionStorage.getItem(DONE_KEY);
if (done) {
  sessionStorage.removeItem(DONE_KEY);
  document.getElementById("centre-result")?.replaceChildren(el("span", { class: "ok" }, done));
}

document.body.dataset.ready = "1";
