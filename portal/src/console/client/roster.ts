// Roster page: add a shift (times entered in county time, UTC+8, whatever the browser's zone) or remove one
// through /api/roster, then reload so the week shows what the escalation chain will use.
import { api } from "./api.ts";
import { withCountyOffset } from "../../../../api/src/contract/county-time.ts";

const form = document.getElementById("shift-form") as HTMLFormElement | null;
const error = document.getElementById("shift-error");

/** "2026-11-28T08:00" typed in county time -> an ISO instant. */
const countyIso = (local: string) => new Date(withCountyOffset(local)).toISOString();

form?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(form);
  const startsAt = String(f.get("startsAt") ?? "");
  const endsAt = String(f.get("endsAt") ?? "");
  if (!startsAt || !endsAt) return;
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
  button.disabled = true;
  if (error) error.textContent = "";
  api("POST", "/api/roster", {
    staffUserId: String(f.get("staffUserId")),
    startsAt: countyIso(startsAt),
    endsAt: countyIso(endsAt),
    propertyCompanyId: form.dataset.company,
  })
    .then(() => location.reload())
    .catch((e: Error) => {
      if (error) error.textContent = e.message;
      button.disabled = false;
    });
});

document.getElementById("roster")?.addEventListener("click", (ev) => {
  const b = (ev.target as HTMLElement).closest<HTMLButtonElement>("button.del-shift");
  if (!b?.dataset.id) return;
  if (!confirm(`确定${b.getAttribute("aria-label") ?? "删除该班次"}？`)) return;
  b.disabled = true;
  api("DELETE", `/api/roster/${b.dataset.id}`)
    .then(() => location.reload())
    .catch((e: Error) => {
      alert(e.message);
      b.disabled = false;
    });
});

document.body.dataset.ready = "1";
