// The unit team's invitations: create an account (the answer carries its invitation code, shown once) and
// issue a new code for someone who has not signed in yet or forgot their password.
import { api, el } from "./api.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

interface Invitation {
  code: string;
  expiresAt: string;
}

const out = document.getElementById("invite-result")!;
const form = document.getElementById("invite-form") as HTMLFormElement | null;
const field = (name: string) => ((form?.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "").trim();

function showCode(who: string, inv: Invitation) {
  const until = countyLocaleString(inv.expiresAt, { hour12: false });
  out.replaceChildren(
    el(
      "div",
      { class: "notice", id: "invite-code-box" },
      el("p", {}, `${who}的邀请码（只显示这一次，${until} 前有效）：`),
      el("p", { class: "code", id: "invite-code" }, inv.code),
      el("p", {}, `请交给本人，在 ${location.origin}/console/accept-invite 设置密码。`),
    ),
  );
}

form?.addEventListener("submit", (ev) => {
  ev.preventDefault();
  out.replaceChildren(el("p", {}, "正在创建…"));
  api<{ staff: { name: string }; invitation: Invitation }>("POST", "/api/setup/staff", {
    username: field("username"),
    name: field("name"),
    phone: field("phone") || null,
    role: field("role"),
    unitIds: [form.dataset.unit ?? ""],
  })
    .then((r) => {
      showCode(r.staff.name, r.invitation);
      form.reset();
    })
    .catch((e: Error) => out.replaceChildren(el("p", { class: "notice error" }, e.message)));
});

for (const b of document.querySelectorAll<HTMLButtonElement>("button.reissue"))
  b.addEventListener("click", () => {
    api<Invitation>("POST", `/api/setup/staff/${b.dataset.staff ?? ""}/invite`)
      .then((inv) => showCode(b.dataset.name ?? "", inv))
      .catch((e: Error) => out.replaceChildren(el("p", { class: "notice error" }, e.message)));
  });

document.body.dataset.ready = "1";
