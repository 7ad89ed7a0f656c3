// A hazard's page for its managers: name who fixes it and by when (times typed in county time), or review a
// rectification (sign off, or send it back with the reason), through /api/hazards, then reload the page
// so the timeline shows what happened.
import { api } from "./api.ts";
import { withCountyOffset } from "../../../../api/src/contract/county-time.ts";

const error = document.getElementById("action-error");
const fail = (e: Error, button: HTMLButtonElement | null) => {
  if (error) {
    error.textContent = e.message;
    error.hidden = false;
  }
  if (button) button.disabled = false;
};

const assign = document.getElementById("assign-form") as HTMLFormElement | null;
assign?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = new FormData(assign);
  const deadline = String(f.get("deadline") ?? "");
  const interim = String(f.get("interimMeasures") ?? "").trim();
  const button = assign.querySelector<HTMLButtonElement>("button[type=submit]");
  if (button) button.disabled = true;
  api("POST", `/api/hazards/${assign.dataset.hazard}/assign`, {
    assigneeId: String(f.get("assigneeId")),
    ...(deadline ? { deadline: new Date(withCountyOffset(deadline)).toISOString() } : {}),
    ...(interim ? { interimMeasures: interim } : {}),
  })
    .then(() => location.reload())
    .catch((e: Error) => fail(e, button));
});

const review = document.getElementById("review-form") as HTMLFormElement | null;
review?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const button = (ev as SubmitEvent).submitter as HTMLButtonElement | null;
  const action = button?.dataset.action === "reject" ? "reject" : "verify";
  const note = String(new FormData(review).get("note") ?? "").trim();
  if (action === "reject" && !note) {
    fail(new Error("退回整改时请填写原因"), null);
    return;
  }
  if (button) button.disabled = true;
  api("POST", `/api/hazards/${review.dataset.hazard}/${action}`, note ? { note } : {})
    .then(() => location.reload())
    .catch((e: Error) => fail(e, button));
});
