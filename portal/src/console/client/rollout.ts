// The roll-out pages' actions (issue 19 part A) through /api/rollout: saving the phases, the installer's
// submission (photos uploaded first, then what was installed), resubmitting after a fix, the unit's
// confirmation, the supervisor's acceptance or return with reasons, and printing the record. After an
// action the page reloads (or opens the acceptance) so the server-rendered state is the one shown.
import { api, imageUrl, upload } from "./api.ts";
import { wireFilePicks } from "./file-pick.ts";
import { withCountyOffset } from "../../../../api/src/contract/county-time.ts";

const show = (id: string, text: string) => {
  const e = document.getElementById(id);
  if (e) {
    e.textContent = text;
    e.hidden = false;
  }
};

const phases = document.getElementById("phase-form") as HTMLFormElement | null;
phases?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const items = [...phases.querySelectorAll<HTMLFieldSetElement>("fieldset[data-code]")]
    .map((f) => {
      const v = (n: string) => (f.querySelector<HTMLInputElement>(`[name=${n}]`)?.value ?? "").trim();
      const pct = v("targetPct");
      return {
        code: f.dataset.code!,
        name: v("name"),
        startsOn: v("startsOn"),
        endsOn: v("endsOn"),
        target: v("target") || null,
        targetPct: pct === "" ? null : Number(pct),
      };
    })
    .filter((p) => p.startsOn && p.endsOn);
  api("PUT", "/api/rollout/phases", { phases: items })
    .then(() => location.reload())
    .catch((e: Error) => show("phase-result", e.message));
});

const submit = document.getElementById("acceptance-submit") as HTMLFormElement | null;
submit?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(submit);
  const [subject, subjectId] = String(f.get("target") ?? "").split(":");
  const installed = [0, 1, 2]
    .map((i) => ({
      kind: String(f.get(`kind${i}`) ?? ""),
      count: Number(f.get(`count${i}`) ?? 0),
      note: String(f.get(`note${i}`) ?? "").trim(),
    }))
    .filter((i) => i.kind && i.count > 0)
    .map((i) => ({ kind: i.kind, count: i.count, ...(i.note ? { note: i.note } : {}) }));
  if (!installed.length) {
    show("submit-result", "请至少填写一种安装的设备和数量");
    return;
  }
  const button = submit.querySelector<HTMLButtonElement>("button[type=submit]");
  if (button) button.disabled = true;
  const files = (submit.querySelector<HTMLInputElement>("input[name=photos]")?.files ?? []) as ArrayLike<File>;
  (async () => {
    const photos: string[] = [];
    for (const file of Array.from(files).slice(0, 9))
      photos.push(
        (
          await upload<{ id: string }>(
            `/api/rollout/photos?subject=${encodeURIComponent(subject!)}&subjectId=${encodeURIComponent(subjectId!)}`,
            file,
          )
        ).id,
      );
    const a = await api<{ id: string }>("POST", "/api/rollout/acceptances", { subject, subjectId, installed, photos });
    location.href = `/console/acceptance/${a.id}`;
  })().catch((e: Error) => {
    show("submit-result", e.message);
    if (button) button.disabled = false;
  });
});

const actions = document.getElementById("acceptance-actions");
const act = (button: HTMLElement | null, run: () => Promise<unknown>) =>
  button?.addEventListener("click", () => {
    (button as HTMLButtonElement).disabled = true;
    run()
      .then(() => location.reload())
      .catch((e: Error) => {
        show("action-error", e.message);
        (button as HTMLButtonElement).disabled = false;
      });
  });
if (actions) {
  const id = actions.dataset.id!;
  act(document.getElementById("resubmit"), () =>
    api("POST", "/api/rollout/acceptances", {
      subject: actions.dataset.subject,
      subjectId: actions.dataset.subjectId,
      installed: JSON.parse(actions.dataset.installed ?? "[]") as unknown,
      photos: [],
    }),
  );
  act(document.getElementById("confirm"), () => api("POST", `/api/rollout/acceptances/${id}/confirm`));
  act(document.getElementById("accept"), () => api("POST", `/api/rollout/acceptances/${id}/accept`));
  const ret = document.getElementById("return");
  ret?.addEventListener("click", () => {
    const reason = (
      document.querySelector<HTMLTextAreaElement>("#decide-form textarea[name=reason]")?.value ?? ""
    ).trim();
    if (!reason) {
      show("action-error", "退回时请写明原因");
      return;
    }
    (ret as HTMLButtonElement).disabled = true;
    api("POST", `/api/rollout/acceptances/${id}/return`, { reason })
      .then(() => location.reload())
      .catch((e: Error) => {
        show("action-error", e.message);
        (ret as HTMLButtonElement).disabled = false;
      });
  });
}

for (const img of document.querySelectorAll<HTMLImageElement>("#acceptance-photos img[data-src]"))
  imageUrl(img.dataset.src!)
    .then((u) => (img.src = u))
    .catch(() => (img.alt = `${img.alt}（无法加载）`));

document.getElementById("print")?.addEventListener("click", () => window.print());

const stageForm = document.getElementById("stage-form") as HTMLFormElement | null;
stageForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(stageForm);
  const note = String(f.get("note") ?? "").trim();
  api("PUT", `/api/rollout/subjects/${stageForm.dataset.subject}/${stageForm.dataset.id}/stage`, {
    stage: String(f.get("stage")),
    ...(note ? { note } : {}),
  })
    .then(() => location.reload())
    .catch((e: Error) => show("stage-result", e.message));
});

const planForm = document.getElementById("plan-form") as HTMLFormElement | null;
planForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const items = [...planForm.querySelectorAll<HTMLInputElement>("input[type=number]")]
    .filter((i) => i.value !== "" && Number(i.value) > 0)
    .map((i) => ({ deviceKind: i.name, planned: Number(i.value) }));
  api("PUT", `/api/rollout/subjects/${planForm.dataset.subject}/${planForm.dataset.id}/plan`, { items })
    .then(() => location.reload())
    .catch((e: Error) => show("plan-result", e.message));
});

const pilotToggle = document.getElementById("pilot-toggle");
act(pilotToggle, () =>
  api("PUT", `/api/rollout/units/${pilotToggle!.dataset.id}/pilot`, { pilot: pilotToggle!.dataset.pilot !== "1" }),
);

const demoForm = document.getElementById("demo-form") as HTMLFormElement | null;
demoForm?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(demoForm);
  const notes = String(f.get("notes") ?? "").trim();
  api("POST", `/api/rollout/units/${demoForm.dataset.id}/demonstrations`, {
    heldAt: withCountyOffset(String(f.get("heldAt"))), // typed in county time
    place: String(f.get("place") ?? "").trim(),
    attendees: Number(f.get("attendees")),
    ...(notes ? { notes } : {}),
  })
    .then(() => location.reload())
    .catch((e: Error) => show("demo-result", e.message));
});

wireFilePicks();
document.body.dataset.ready = "1";
