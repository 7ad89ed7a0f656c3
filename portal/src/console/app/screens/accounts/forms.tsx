// 账号管理's forms (screens/Accounts.tsx): 新建账号 (the role, then the one scope it needs, then who the person
// is), 修改所属 (an account's one scope chosen anew from the same picker) and the invitation code shown once; with
// the words and the pickers' lists both forms and the screen's table use.
import { useEffect, useRef, useState, type FormEvent } from "react";
import type {
  AccountListed,
  AccountScopeField,
  AccountScopes,
  StaffCreated,
  StaffInvitation,
} from "@anxin/contract/staff";
import { STAFF_ROLE_LABEL } from "@anxin/contract/labels";
import { countyLocaleString } from "@anxin/contract/county-time";
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { fieldErrors, useAction } from "../../lib/hooks.ts";

export const ROLE_NAMES = STAFF_ROLE_LABEL as Record<string, string | undefined>;
export const roleName = (r: string) => ROLE_NAMES[r] ?? "其他角色";

/** what each scope is called on the form */
export const SCOPE_LABEL: Record<AccountScopeField, string> = {
  townshipId: "乡镇/街道",
  sector: "行业主管部门",
  propertyCompanyId: "物业公司",
  serviceCompanyId: "服务单位",
  centreId: "体验馆",
  unitIds: "所属单位",
};

/** the scopes an account is moved by on this screen (a unit's people are moved by their units, on their unit) */
export type Movable = Exclude<AccountScopeField, "unitIds">;
export type Choice = { id: string; name: string };

/** What the picker of a scope offers a role: the same lists for making an account and for moving one. */
export function choicesFor(s: AccountScopes, role: string, need: AccountScopeField | null): Choice[] {
  switch (need) {
    case "townshipId":
      return s.townships;
    case "sector":
      return s.sectors;
    case "propertyCompanyId":
      return s.propertyCompanies;
    case "centreId":
      return s.centres;
    case "serviceCompanyId":
      return s.serviceCompanies.filter((c) =>
        role === "INSTALLER" ? c.kind !== "MAINTENANCE" : c.kind !== "INSTALLER",
      );
    default:
      return [];
  }
}

/** 新建账号: the role first, then the one scope it needs, then who the person is. */
export function CreateForm(props: { scopes: AccountScopes; onCreated: (r: StaffCreated) => void }) {
  const s = props.scopes;
  const action = useAction();
  const errors = fieldErrors(action.error);
  const [role, setRole] = useState("");
  const need = s.roles.find((r) => r.role === role)?.scope ?? null;
  const choices = choicesFor(s, role, need);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim();
    void action
      .run(() =>
        api<StaffCreated>("POST", "/api/setup/staff", {
          username: text("username"),
          name: text("name"),
          phone: text("phone") || null,
          role,
          ...(need && need !== "unitIds" ? { [need]: text("scope") || null } : {}),
        }),
      )
      .then((r) => {
        if (!r) return;
        form.reset();
        props.onCreated(r);
      });
  };
  if (!s.roles.length) return null;
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">新建账号</h2>
      <p>先选角色，再选该角色负责的范围。创建后会生成邀请码（只显示一次），由本人用它设置密码。</p>
      <form id="account-create" className="form-grid" onSubmit={submit}>
        <Field label="角色 *" name="role" errors={errors}>
          <select required value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="" disabled>
              请选择角色
            </option>
            {s.roles.map((r) => (
              <option key={r.role} value={r.role}>
                {roleName(r.role)}
              </option>
            ))}
          </select>
        </Field>
        {need && need !== "unitIds" ? (
          <Field label={`${SCOPE_LABEL[need]} *`} name={need} errors={errors}>
            <select key={`${role}-${need}`} name="scope" required defaultValue="">
              <option value="" disabled>
                请选择{SCOPE_LABEL[need]}
              </option>
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p className="muted" id="account-scope-note">
            {role ? "该角色负责全县，不需要选择范围。" : "选好角色后，在这里选择它负责的范围。"}
          </p>
        )}
        <Field label="用户名 *" name="username" errors={errors} hint="3-32 位字母或数字，字母开头，登录时用">
          <input required maxLength={32} pattern="[A-Za-z][A-Za-z0-9_.\-]{2,31}" autoComplete="off" />
        </Field>
        <Field label="姓名 *" name="name" errors={errors}>
          <input required maxLength={20} autoComplete="off" />
        </Field>
        <Field label="手机号" name="phone" errors={errors}>
          <input maxLength={11} inputMode="tel" autoComplete="off" />
        </Field>
        <button type="submit" className="btn primary" disabled={action.busy}>
          {action.busy ? "正在创建…" : "创建账号并生成邀请码"}
        </button>
        <div className="form-result" id="account-create-result">
          <ActionNotice action={action} />
        </div>
      </form>
    </section>
  );
}

/**
 * 修改所属: the account's one scope, chosen anew from the picker the create form uses (its current one
 * chosen at first); saved once another is chosen. The person is signed out and sees the new scope when they
 * sign in again, as the form says.
 */
export function MoveForm(props: {
  account: AccountListed;
  field: Movable;
  choices: Choice[];
  errors: Record<string, string>;
  busy: boolean;
  onMove: (to: Choice) => void;
  onCancel: () => void;
}) {
  const { account: a, field } = props;
  const label = SCOPE_LABEL[field];
  const current = a[field] ?? "";
  // the current one chosen at first when it is offered (a stopped centre is not: then nothing is chosen)
  const [to, setTo] = useState(props.choices.some((c) => c.id === current) ? current : "");
  const picker = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    picker.current?.focus();
  }, []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const choice = props.choices.find((c) => c.id === to);
    if (choice && to !== current) props.onMove(choice);
  };
  return (
    <section aria-labelledby="move-title" className="notice">
      <h2 id="move-title">
        修改所属：{a.name}（{a.username}）
      </h2>
      <p>
        把这位{roleName(a.role)}改到另一个{label}。保存后本人会立即退出登录，重新登录后只能看到新的{label}的内容。
      </p>
      <form id="account-move" className="form-grid" onSubmit={submit}>
        <Field label={`新的${label} *`} name={field} errors={props.errors}>
          <select name="scope" required value={to} onChange={(e) => setTo(e.target.value)} ref={picker}>
            <option value="" disabled>
              请选择{label}
            </option>
            {props.choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id === current ? `${c.name}（现在）` : c.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn primary" disabled={props.busy || !to || to === current}>
          {props.busy ? "正在保存…" : "保存修改"}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          取消
        </button>
      </form>
    </section>
  );
}

/** The code, shown once, with how the person uses it. */
export function CodeBox(props: { name: string; username: string; invitation: StaffInvitation }) {
  const until = countyLocaleString(props.invitation.expiresAt, { hour12: false });
  return (
    <div className="notice" id="account-code-box" role="status">
      <p>
        {props.name}（{props.username}）的邀请码，只显示这一次，{until} 前有效：
      </p>
      <p className="code" id="account-code">
        {props.invitation.code}
      </p>
      <p>使用方法：</p>
      <ol>
        <li>把邀请码当面或打电话告诉本人，不要发到群里。</li>
        <li>本人打开 {location.origin}/console/accept-invite，输入邀请码，设置自己的新密码（忘记密码时也这样做）。</li>
        <li>之后用用户名“{props.username}”和新密码登录。</li>
      </ol>
      <p>之前发出的、还没用过的邀请码已失效。</p>
    </div>
  );
}
