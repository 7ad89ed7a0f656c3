// The public page where an invited staff member sets their own password with the code they were given
// (client/accept.ts sends it to /api/auth/staff/accept-invite). Server-rendered: the person has no session
// yet, and the console app's frame needs one.
import { html, type Html } from "../../server/render/html.ts";

export function acceptInviteBody(): Html {
  return html`<p>请输入管理员或单位负责人给您的邀请码，并设置您自己的密码（至少 8 位，不要用 12345678 这类常见密码）。</p>
<form id="accept-form" class="form-grid">
  <label>邀请码 *<input name="code" required maxlength="40" autocomplete="one-time-code"></label>
  <label>新密码 *<input name="password" type="password" required minlength="8" maxlength="128" autocomplete="new-password"></label>
  <label>再输一次 *<input name="again" type="password" required minlength="8" maxlength="128" autocomplete="new-password"></label>
  <button type="submit" class="btn primary">设置密码</button>
</form>
<div id="accept-result" role="status" aria-live="polite"></div>`;
}
