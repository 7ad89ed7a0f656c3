// 账号管理: the county's administrator and the programme office find any staff account they manage (staff-rules:
// an admin every account, the programme office all but admins) by name, account or mobile number, role and
// state; stop (停用) one who left and restore (恢复) them, behind the confirm dialog (the server refuses
// stopping oneself and the last responsible person of a unit); give someone a new invitation code (重发邀请码,
// shown once: the person sets a new password with it, which is also what to do for a forgotten password);
// and make a single account of a role that is not a unit's own people, with the one scope the role needs
// chosen from the API's lists (a unit's people are added on 人员与邀请, with their unit).
// GET /api/setup/staff (filters and page kept in the address), /api/setup/staff-scopes; POST /api/setup/staff
// and /api/setup/staff/:id/invite; PATCH /api/setup/staff/:id { active }.
import { useState, type FormEvent } from "react";
import type {
  AccountListed,
  AccountPage,
  AccountScopeField,
  AccountScopes,
  StaffAccount,
  StaffCreated,
  StaffInvitation,
} from "@anxin/contract/staff";
import { SECTOR_LABEL, STAFF_ROLE_LABEL } from "@anxin/contract/labels";
import { countyLocaleString, countyMinute } from "@anxin/contract/county-time";
import { api } from "../../client/api.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";

const TITLE = "账号管理";
const LIMIT = 20;
const PAGES_MAX = 1000;
const QUERY_MAX = 40;
const ROLE_NAMES = STAFF_ROLE_LABEL as Record<string, string | undefined>;
const roleName = (r: string) => ROLE_NAMES[r] ?? "其他角色";

/** the roles that see the whole county, whose scope is said as such */
const COUNTY_WIDE = new Set(["ADMIN", "FIRE_SUPERVISOR", "CENTRE_OPERATOR", "PROGRAMME_OFFICE"]);
/** a unit's own people: added with their unit on 人员与邀请 */
const UNIT_ROLES = new Set(["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"]);

/** what each scope is called on the form */
const SCOPE_LABEL: Record<AccountScopeField, string> = {
  townshipId: "乡镇/街道",
  sector: "行业主管部门",
  propertyCompanyId: "物业公司",
  serviceCompanyId: "服务单位",
  centreId: "体验馆",
  unitIds: "所属单位",
};

interface Filters {
  q: string;
  role: string;
  active: string;
}

/** The filters in the address, each checked (an unknown value is no filter). */
function filtersOf(p: URLSearchParams): Filters {
  const role = p.get("role") ?? "";
  const active = p.get("active") ?? "";
  return {
    q: (p.get("q") ?? "").trim().slice(0, QUERY_MAX),
    role: role in ROLE_NAMES ? role : "",
    active: active === "1" || active === "0" ? active : "",
  };
}

const queryOf = (f: Filters, page: number) => {
  const p = new URLSearchParams();
  if (f.q) p.set("q", f.q);
  if (f.role) p.set("role", f.role);
  if (f.active) p.set("active", f.active);
  if (page > 1) p.set("page", String(page));
  return p.toString();
};

/** An account's scope in words: its units, township, sector, company or centre, or the county. */
function scopeWords(a: AccountListed): string {
  if (a.units.length)
    return a.units.length > 3
      ? `${a.units
          .slice(0, 3)
          .map((u) => u.name)
          .join("、")} 等 ${a.units.length} 家单位`
      : a.units.map((u) => u.name).join("、");
  if (a.townshipName) return a.townshipName;
  if (a.sector) return (SECTOR_LABEL as Record<string, string | undefined>)[a.sector] ?? "行业主管部门";
  if (a.propertyCompanyName) return a.propertyCompanyName;
  if (a.serviceCompanyName) return a.serviceCompanyName;
  if (a.centreName) return a.centreName;
  if (COUNTY_WIDE.has(a.role)) return "全县";
  if (a.role === "CENTRE_STAFF") return "未指定体验馆";
  if (UNIT_ROLES.has(a.role)) return "未关联单位";
  return "—";
}

const stateOf = (a: { active: boolean; hasPassword: boolean }) =>
  !a.active ? "已停用" : a.hasPassword ? "已启用" : "未设密码";

export default function Accounts() {
  const url = useLocation();
  const f = filtersOf(url.searchParams);
  const page = Math.min(PAGES_MAX, Math.max(1, Math.trunc(Number(url.searchParams.get("page")) || 1)));
  const query = queryOf(f, page);
  const list = useResource<AccountPage>(`/api/setup/staff?${query}${query ? "&" : ""}limit=${LIMIT}`);
  const scopes = useResource<AccountScopes>("/api/setup/staff-scopes");
  useReady(!list.loading && list.data !== null && scopes.data !== null);

  const error = list.error ?? scopes.error;
  if (error)
    return (
      <Page title={TITLE}>
        <LoadError error={error} />
      </Page>
    );
  if (!list.data || !scopes.data)
    return (
      <Page title={TITLE}>
        <Loading />
      </Page>
    );
  return (
    <Page title={TITLE}>
      <Manage key={url.search} filters={f} page={page} list={list.data} reload={list.reload} scopes={scopes.data} />
    </Page>
  );
}

function Manage(props: {
  filters: Filters;
  page: number;
  list: AccountPage;
  reload: () => void;
  scopes: AccountScopes;
}) {
  const { filters: f, list, scopes } = props;
  // the programme office manages no administrators: it is not offered them to look for
  const admin = useSession().role === "ADMIN";
  const action = useAction();
  const { ask, dialog } = useConfirm();
  const [code, setCode] = useState<{ name: string; username: string; invitation: StaffInvitation } | null>(null);
  const busy = action.busy;

  const setActive = async (a: AccountListed, active: boolean) => {
    const who = `${a.name}（${a.username}）`;
    const ok = await ask(
      active
        ? [`恢复 ${who} 的账号？`, "恢复后本人可以重新登录，并重新接收火警、查岗和值班通知。"]
        : [
            `停用 ${who} 的账号？`,
            "停用后本人会立即退出登录、不能再登录，也不再接收火警、查岗和值班通知。",
            "人员离职或调岗时请停用；需要时可以再恢复。",
          ],
      active ? "恢复账号" : "停用账号",
    );
    if (!ok) return;
    setCode(null);
    const done = await action.run(
      () => api<StaffAccount>("PATCH", `/api/setup/staff/${encodeURIComponent(a.id)}`, { active }),
      (r) => (r.active ? `已恢复 ${r.name} 的账号` : `已停用 ${r.name} 的账号，本人已退出登录`),
    );
    if (done) props.reload();
  };

  const reissue = async (a: AccountListed) => {
    const ok = await ask(
      [
        `为 ${a.name}（${a.username}）重发邀请码？`,
        "本人用新的邀请码设置新密码（忘记密码时也这样做）。之前发出的、还没用过的邀请码会立即失效。",
      ],
      "重发邀请码",
    );
    if (!ok) return;
    setCode(null);
    const inv = await action.run(
      () => api<StaffInvitation>("POST", `/api/setup/staff/${encodeURIComponent(a.id)}/invite`),
      `已为 ${a.name} 生成新的邀请码`,
    );
    if (inv) setCode({ name: a.name, username: a.username, invitation: inv });
  };

  return (
    <>
      <p>
        在这里查找、停用或恢复工作人员的账号，为忘记密码的人重发邀请码，或为监督员、协调员、监管人员等新建账号。单位的责任人、管理人、安全员和控制室值班员请在{" "}
        <Link href="/console/invites">人员与邀请</Link> 页面添加。
      </p>
      <FilterForm filters={f} roles={Object.keys(ROLE_NAMES).filter((r) => r !== "ADMIN" || admin)} />
      <p id="account-total">
        符合条件的账号共 <strong>{list.total}</strong> 个。
      </p>
      <ActionNotice action={action} id="account-result" />
      {code ? <CodeBox {...code} /> : null}
      <DataTable
        id="accounts"
        title="账号列表"
        rows={list.items}
        rowKey={(a) => a.id}
        rowData={(a) => ({ "data-account": a.username })}
        empty="没有符合条件的账号。"
        paging={{
          total: list.total,
          offset: (props.page - 1) * LIMIT,
          limit: LIMIT,
          onPage: (o) => navigate(`/console/accounts?${queryOf(f, Math.floor(o / LIMIT) + 1)}`),
        }}
        columns={[
          { header: "姓名", cell: (a) => a.name },
          { header: "账号", cell: (a) => a.username },
          { header: "角色", cell: (a) => roleName(a.role) },
          { header: "范围", cell: scopeWords },
          { header: "手机", cell: (a) => a.phone || "—" },
          {
            header: "状态",
            className: (a) => (a.active && a.hasPassword ? "ok" : "bad"),
            cell: stateOf,
          },
          { header: "上次登录", cell: (a) => (a.lastSignInAt ? countyMinute(a.lastSignInAt) : "从未登录") },
          {
            header: "操作",
            cell: (a) =>
              !a.active ? (
                <button
                  type="button"
                  className="btn restore"
                  disabled={busy}
                  aria-label={`恢复 ${a.name}`}
                  onClick={() => void setActive(a, true)}
                >
                  恢复
                </button>
              ) : (
                <>
                  <button
                    type="button"
                    className="btn reissue"
                    disabled={busy}
                    aria-label={`为 ${a.name} 重发邀请码`}
                    onClick={() => void reissue(a)}
                  >
                    重发邀请码
                  </button>{" "}
                  {a.self ? (
                    <span className="muted">（本人）</span>
                  ) : (
                    <button
                      type="button"
                      className="btn danger disable"
                      disabled={busy}
                      aria-label={`停用 ${a.name}`}
                      onClick={() => void setActive(a, false)}
                    >
                      停用
                    </button>
                  )}
                </>
              ),
          },
        ]}
      />
      <CreateForm
        scopes={scopes}
        onCreated={(r) => {
          action.clear();
          setCode({ name: r.staff.name, username: r.staff.username, invitation: r.invitation });
          props.reload();
        }}
      />
      {dialog}
    </>
  );
}

function FilterForm(props: { filters: Filters; roles: string[] }) {
  const f = props.filters;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === "string") p.set(k, v);
    navigate(`/console/accounts?${queryOf(filtersOf(p), 1)}`);
  };
  return (
    <form className="filters" id="account-filters" aria-label="查找账号" onSubmit={submit}>
      <label>
        姓名、账号或手机号 <input type="search" name="q" defaultValue={f.q} maxLength={QUERY_MAX} autoComplete="off" />
      </label>
      <label>
        角色{" "}
        <select name="role" defaultValue={f.role}>
          <option value="">全部角色</option>
          {props.roles.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </label>
      <label>
        状态{" "}
        <select name="active" defaultValue={f.active}>
          <option value="">全部</option>
          <option value="1">已启用</option>
          <option value="0">已停用</option>
        </select>
      </label>
      <button type="submit" className="btn primary">
        查找
      </button>
      <Link className="btn" href="/console/accounts">
        清除
      </Link>
    </form>
  );
}

/** 新建账号: the role first, then the one scope it needs, then who the person is. */
function CreateForm(props: { scopes: AccountScopes; onCreated: (r: StaffCreated) => void }) {
  const s = props.scopes;
  const action = useAction();
  const errors = fieldErrors(action.error);
  const [role, setRole] = useState("");
  const need = s.roles.find((r) => r.role === role)?.scope ?? null;
  const choices: { id: string; name: string }[] =
    need === "townshipId"
      ? s.townships
      : need === "sector"
        ? s.sectors
        : need === "propertyCompanyId"
          ? s.propertyCompanies
          : need === "centreId"
            ? s.centres
            : need === "serviceCompanyId"
              ? s.serviceCompanies.filter((c) =>
                  role === "INSTALLER" ? c.kind !== "MAINTENANCE" : c.kind !== "INSTALLER",
                )
              : [];

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

/** The code, shown once, with how the person uses it. */
function CodeBox(props: { name: string; username: string; invitation: StaffInvitation }) {
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
