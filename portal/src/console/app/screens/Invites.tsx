// 单位人员与邀请 (issue 14): a unit's team, who has set a password, new accounts and new invitation codes. A
// unit's responsible person or manager sees their own units, the programme office and admins any (the API's
// scope; another unit is "not found"). A new account has no password: the answer carries a code, shown once,
// with which the person sets their own on /console/accept-invite (server-rendered: they have no session
// yet). A person who leaves is stopped (停用): signed out at once, refused at sign-in, no longer called or
// messaged; 恢复 starts the account again (the question, call and notice of those two and of a new code are
// lib/account-actions.ts's, shared with 账号管理). GET /api/units, /api/setup/units/:id/staff; POST
// /api/setup/staff and /api/setup/staff/:id/invite; PATCH /api/setup/staff/:id { active }.
import { useState, type FormEvent } from "react";
import type { UnitList } from "@anxin/contract/units";
import type { StaffAccount, StaffCreated, StaffInvitation } from "@anxin/contract/staff";
import { STAFF_ROLE_LABEL } from "@anxin/contract/labels";
import { countyLocaleString } from "@anxin/contract/county-time";
import { invitableRoles } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAccountActions } from "../lib/account-actions.ts";
import { fieldErrors, useAction, useResource, type Resource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { dash } from "./unit-words.ts";

const TITLE = "单位人员与邀请";
const roleName = (r: string) => (STAFF_ROLE_LABEL as Record<string, string | undefined>)[r] ?? r;

export default function Invites() {
  const asked = useLocation().searchParams.get("unit")?.slice(0, 64) ?? "";
  const units = useResource<UnitList>("/api/units?limit=100");
  const mine = units.data?.items ?? [];
  const current = asked ? mine.find((u) => u.id === asked) : mine[0];
  const team = useResource<{ items: StaffAccount[] }>(
    current ? `/api/setup/units/${encodeURIComponent(current.id)}/staff` : null,
  );
  useReady(units.data !== null && (!current || team.data !== null));

  if (units.error)
    return (
      <Page title={TITLE}>
        <LoadError error={units.error} />
      </Page>
    );
  if (!units.data)
    return (
      <Page title={TITLE}>
        <Loading />
      </Page>
    );
  const picker =
    mine.length > 1 ? (
      <form
        className="filters"
        aria-label="选择单位"
        key={current?.id}
        onSubmit={(e) => {
          e.preventDefault();
          const id = String(new FormData(e.currentTarget).get("unit") ?? "");
          navigate(`/console/invites?unit=${encodeURIComponent(id)}`);
        }}
      >
        <label>
          单位{" "}
          <select name="unit" defaultValue={current?.id}>
            {mine.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          查看
        </button>
      </form>
    ) : null;
  if (!current)
    return (
      <Page title={TITLE}>
        {picker}
        <p className={asked ? "notice error" : "notice"} role={asked ? "alert" : undefined} id="load-error">
          {asked ? "找不到该单位，或您无权管理它的人员。" : "请选择单位。"}
        </p>
      </Page>
    );
  return (
    <Page title={TITLE}>
      {picker}
      <Team unit={current} team={team} />
    </Page>
  );
}

function Team(props: { unit: { id: string; name: string }; team: Resource<{ items: StaffAccount[] }> }) {
  const session = useSession();
  const { unit, team } = props;
  const action = useAction();
  const switching = useAction();
  const { ask, dialog } = useConfirm();
  const [code, setCode] = useState<{ who: string; invitation: StaffInvitation } | null>(null);
  const errors = fieldErrors(action.error);
  const roles = invitableRoles(session.role);

  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    setCode(null);
    void action
      .run(() =>
        api<StaffCreated>("POST", "/api/setup/staff", {
          username: text("username"),
          name: text("name"),
          phone: text("phone") || null,
          role: text("role"),
          unitIds: [unit.id],
        }),
      )
      .then((r) => {
        if (!r) return;
        setCode({ who: r.staff.name, invitation: r.invitation });
        form.reset();
        team.reload();
      });
  };
  // 停用 / 恢复 on the table's action, a new code on the form's (its code box and notice stand by the form)
  const { setActive, reissue } = useAccountActions({
    words: {
      whose: "本单位的",
      reissue: "重新生成邀请码",
      reissueNote: "之前发出的、还没用过的邀请码会立即失效。",
    },
    ask,
    switching,
    reissuing: action,
    onConfirmed: () => {
      setCode(null);
      action.clear();
      switching.clear();
    },
    onSwitched: () => team.reload(),
    onInvitation: (s, invitation) => setCode({ who: s.name, invitation }),
  });
  const busy = action.busy || switching.busy;

  return (
    <>
      <p>
        新账号没有密码：把邀请码交给本人，由本人在 <a href="/console/accept-invite">设置密码页面</a>{" "}
        用邀请码设置自己的密码（邀请码只显示一次，7 天内有效）。忘记密码时“重新生成邀请码”即可。人员离职时请“停用”账号。
      </p>
      <ActionNotice action={switching} id="team-result" />
      {team.error ? <LoadError error={team.error} /> : null}
      {team.data ? (
        <DataTable
          id="team"
          title={`${unit.name}的人员账号`}
          rows={team.data.items}
          rowKey={(s) => s.id}
          rowData={(s) => ({ "data-staff": s.username })}
          empty="还没有人员账号。"
          columns={[
            { header: "用户名", cell: (s) => s.username },
            { header: "姓名", cell: (s) => s.name },
            { header: "职责", cell: (s) => roleName(s.role) },
            { header: "电话", cell: (s) => dash(s.phone) },
            {
              header: "状态",
              className: (s) => (s.active && s.hasPassword ? "ok" : "bad"),
              cell: (s) => (!s.active ? "已停用" : s.hasPassword ? "已设置密码" : "待接受邀请"),
            },
            {
              header: "操作",
              cell: (s) =>
                s.active ? (
                  <>
                    <button type="button" className="btn reissue" disabled={busy} onClick={() => void reissue(s)}>
                      重新生成邀请码
                    </button>{" "}
                    <button
                      type="button"
                      className="btn danger disable"
                      disabled={busy}
                      aria-label={`停用 ${s.name}`}
                      onClick={() => void setActive(s, false)}
                    >
                      停用
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="btn restore"
                    disabled={busy}
                    aria-label={`恢复 ${s.name}`}
                    onClick={() => void setActive(s, true)}
                  >
                    恢复
                  </button>
                ),
            },
          ]}
        />
      ) : (
        <Loading />
      )}
      {code ? <CodeBox who={code.who} invitation={code.invitation} /> : null}
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">添加人员</h2>
        <form id="invite-form" className="form-grid" data-unit={unit.id} onSubmit={create}>
          <Field label="用户名 *" name="username" errors={errors} hint="3-32 位字母、数字、下划线、点或减号">
            <input required maxLength={32} pattern="[A-Za-z0-9_.\-]{3,32}" autoComplete="off" />
          </Field>
          <Field label="姓名 *" name="name" errors={errors}>
            <input required maxLength={20} />
          </Field>
          <Field label="手机号" name="phone" errors={errors}>
            <input maxLength={11} inputMode="tel" />
          </Field>
          <Field label="职责 *" name="role" errors={errors}>
            <select required>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn primary" disabled={action.busy || !roles.length}>
            创建账号并生成邀请码
          </button>
          <div className="form-result" id="invite-result">
            {code ? null : <ActionNotice action={action} />}
          </div>
        </form>
      </section>
      {dialog}
    </>
  );
}

/** The code, shown once, with where the person uses it. */
function CodeBox(props: { who: string; invitation: StaffInvitation }) {
  const until = countyLocaleString(props.invitation.expiresAt, { hour12: false });
  return (
    <div className="notice" id="invite-code-box" role="status">
      <p>
        {props.who}的邀请码（只显示这一次，{until} 前有效）：
      </p>
      <p className="code" id="invite-code">
        {props.invitation.code}
      </p>
      <p>请交给本人，在 {location.origin}/console/accept-invite 设置密码。</p>
    </div>
  );
}
