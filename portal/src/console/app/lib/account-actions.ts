// 停用 / 恢复 and a new invitation code for one staff account, as 账号管理 (Accounts.tsx) and 人员与邀请
// (Invites.tsx) both offer them: the confirm question with its consequences, the API call, and the notice.
// Each screen keeps its own words (its notices are the county's or 本单位的; 重发邀请码 or 重新生成邀请码) and
// its own actions (one for the table, or one for the table and one for the form).
// PATCH /api/setup/staff/:id { active }; POST /api/setup/staff/:id/invite.
import type { StaffAccount, StaffInvitation } from "@anxin/contract/staff";
import { api } from "../../client/api.ts";
import type { Action } from "./hooks.ts";

/** The account a button is on: who the question names. */
export interface AccountRef {
  id: string;
  name: string;
  username: string;
}

export interface AccountActionWords {
  /** whose fire alarms, duty checks and notices the person gets: "" (the county's screen) or "本单位的" */
  whose: string;
  /** what giving a new code is called: the question's verb and its button (重发邀请码, 重新生成邀请码) */
  reissue: string;
  /** what a new code does, after the question */
  reissueNote: string;
  /** the notice once a code is made (none: the code box says it) */
  reissued?: (a: AccountRef) => string;
}

export interface AccountActionsOptions {
  words: AccountActionWords;
  /** the confirm dialog's ask (components/ConfirmDialog.tsx) */
  ask: (lines: string[], yes: string) => Promise<boolean>;
  /** what runs 停用 / 恢复, and what runs a new code (the same action, or two) */
  switching: Action;
  reissuing: Action;
  /** once confirmed, before the call: the screen clears what an earlier answer left on it */
  onConfirmed?: () => void;
  /** an account stopped or restored */
  onSwitched: (r: StaffAccount) => void;
  /** a new code, to be shown once */
  onInvitation: (a: AccountRef, invitation: StaffInvitation) => void;
}

const path = (a: AccountRef) => `/api/setup/staff/${encodeURIComponent(a.id)}`;

export function useAccountActions(o: AccountActionsOptions) {
  const { words } = o;
  const who = (a: AccountRef) => `${a.name}（${a.username}）`;

  const setActive = async (a: AccountRef, active: boolean): Promise<void> => {
    const ok = await o.ask(
      active
        ? [`恢复 ${who(a)} 的账号？`, `恢复后本人可以重新登录，并重新接收${words.whose}火警、查岗和值班通知。`]
        : [
            `停用 ${who(a)} 的账号？`,
            `停用后本人会立即退出登录、不能再登录，也不再接收${words.whose}火警、查岗和值班通知。`,
            "人员离职或调岗时请停用；需要时可以再恢复。",
          ],
      active ? "恢复账号" : "停用账号",
    );
    if (!ok) return;
    o.onConfirmed?.();
    const done = await o.switching.run(
      () => api<StaffAccount>("PATCH", path(a), { active }),
      (r) => (r.active ? `已恢复 ${r.name} 的账号` : `已停用 ${r.name} 的账号，本人已退出登录`),
    );
    if (done) o.onSwitched(done);
  };

  const reissue = async (a: AccountRef): Promise<void> => {
    const ok = await o.ask([`为 ${who(a)}${words.reissue}？`, words.reissueNote], words.reissue);
    if (!ok) return;
    o.onConfirmed?.();
    const inv = await o.reissuing.run(
      () => api<StaffInvitation>("POST", `${path(a)}/invite`),
      words.reissued ? words.reissued(a) : undefined,
    );
    if (inv) o.onInvitation(a, inv);
  };

  return { setActive, reissue };
}
