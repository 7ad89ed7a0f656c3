// First sign-in of an invited staff member: the code and a password of their own, then the sign-in page.
import type { AcceptedInvite, AcceptInviteRequest } from "@anxin/contract/setup";
import { api, el } from "./api.ts";

const form = document.getElementById("accept-form") as HTMLFormElement;
const out = document.getElementById("accept-result")!;
const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (field("password") !== field("again")) {
    out.replaceChildren(el("p", { class: "notice error" }, "两次输入的密码不一样"));
    return;
  }
  api<AcceptedInvite>("POST", "/api/auth/staff/accept-invite", {
    code: field("code").trim(),
    password: field("password"),
  } satisfies AcceptInviteRequest)
    .then((r) =>
      out.replaceChildren(
        el(
          "p",
          { class: "notice", id: "accept-done" },
          `密码已设置。请用用户名 ${r.username} 和新密码 `,
          el("a", { href: "/console/login?next=/console/home" }, "登录"),
          "。",
        ),
      ),
    )
    .catch((e: Error) => out.replaceChildren(el("p", { class: "notice error" }, e.message)));
});
document.body.dataset.ready = "1";
