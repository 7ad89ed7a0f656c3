// 账号管理: the county's administrator and the programme office find any staff account they manage (staff-rules:
// an admin every account, the programme office all but admins) by name, account or mobile number, role and
// state; stop (停用) one who left and restore (恢复) them, behind the confirm dialog (the server refuses
// stopping oneself and the last responsible person of a unit); give someone a new invitation code (重发邀请码,
// shown once: the person sets a new password with it, which is also what to do for a forgotten password);
// make a single account of a role that is not a unit's own people, with the one scope the role needs
// chosen from the API's lists (a unit's people are added on 人员与邀请, with their unit); and move one
// (修改所属) to another township, sector, company or centre with the same picker (the person is signed out and
// sees the new scope when they sign in again). 停用 / 恢复 and 重发邀请码 are lib/account-actions.ts's, shared
// with 人员与邀请. GET /api/setup/staff (filters and page kept in the address), /api/setup/staff-scopes; POST
// /api/setup/staff and /api/setup/staff/:id/invite; PATCH /api/setup/staff/:id { active } or { <scope>: id }.
import { useState, type FormEvent } from "react";
import type { AccountListed, AccountPage, AccountScopes, StaffAccount, StaffInvitation } from "@anxin/contract/staff";
import { SECTOR_LABEL } from "@anxin/contract/labels";
import { countyMinute } from "@anxin/contract/county-time";
import { api } from "../../client/api.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page } from "../components/Page.tsx";
import { useAccountActions } from "../lib/account-actions.ts";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import {
  choicesFor,
  CodeBox,
  CreateForm,
  MoveForm,
  ROLE_NAMES,
  roleName,
  SCOPE_LABEL,
  type Choice,
  type Movable,
} from "./accounts/forms.tsx";

const TITLE = "账号管理";
const LIMIT = 20;
const PAGES_MAX = 1000;
const QUERY_MAX = 40;

/** the roles that see the whole county, whose scope is said as such */
const COUNTY_WIDE = new Set(["ADMIN", "FIRE_SUPERVISOR", "CENTRE_OPERATOR", "PROGRAMME_OFFICE"]);
/** a unit's own people: added with their unit on 人员与邀请 */
const UNIT_ROLES = new Set(["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"]);

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

  const [moving, setMoving] = useState<{ account: AccountListed; field: Movable } | null>(null);
  const busy = action.busy;
  const { setActive, reissue } = useAccountActions({
    words: {
      whose: "",
      reissue: "重发邀请码",
      reissueNote: "本人用新的邀请码设置新密码（忘记密码时也这样做）。之前发出的、还没用过的邀请码会立即失效。",
      reissued: (a) => `已为 ${a.name} 生成新的邀请码`,
    },
    ask,
    switching: action,
    reissuing: action,
    onConfirmed: () => {
      setCode(null);
      setMoving(null);
    },
    onSwitched: () => props.reload(),
    onInvitation: (a, invitation) => setCode({ name: a.name, username: a.username, invitation }),
  });

  /** the scope this screen moves an account of this role by, if the caller may make such accounts */
  const movableOf = (a: AccountListed): Movable | null => {
    const need = scopes.roles.find((r) => r.role === a.role)?.scope ?? null;
    return need && need !== "unitIds" ? need : null;
  };
  const move = async (a: AccountListed, field: Movable, to: Choice) => {
    setCode(null);
    const done = await action.run(
      () => api<StaffAccount>("PATCH", `/api/setup/staff/${encodeURIComponent(a.id)}`, { [field]: to.id }),
      (r) =>
        `已把 ${r.name} 的所属${SCOPE_LABEL[field]}改为“${to.name}”；本人已退出登录，重新登录后按新的${SCOPE_LABEL[field]}查看。`,
    );
    if (!done) return;
    setMoving(null);
    props.reload();
  };

  return (
    <>
      <p>
        在这里查找、停用或恢复工作人员的账号，为忘记密码的人重发邀请码，修改协调员、监管人员等所属的乡镇、部门、公司或体验馆，或为他们新建账号。单位的责任人、管理人、安全员和控制室值班员请在{" "}
        <Link href="/console/invites">人员与邀请</Link> 页面添加。
      </p>
      <FilterForm filters={f} roles={Object.keys(ROLE_NAMES).filter((r) => r !== "ADMIN" || admin)} />
      <p id="account-total">
        符合条件的账号共 <strong>{list.total}</strong> 个。
      </p>
      <ActionNotice action={action} id="account-result" />
      {moving ? (
        <MoveForm
          key={moving.account.id}
          account={moving.account}
          field={moving.field}
          choices={choicesFor(scopes, moving.account.role, moving.field)}
          errors={fieldErrors(action.error)}
          busy={busy}
          onMove={(to) => void move(moving.account, moving.field, to)}
          onCancel={() => setMoving(null)}
        />
      ) : null}
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
            cell: (a) => {
              const field = movableOf(a);
              const moveButton = field ? (
                <>
                  <button
                    type="button"
                    className="btn move"
                    disabled={busy}
                    aria-label={`修改所属${SCOPE_LABEL[field]}：${a.name}`}
                    onClick={() => {
                      action.clear();
                      setCode(null);
                      setMoving({ account: a, field });
                    }}
                  >
                    修改所属
                  </button>{" "}
                </>
              ) : null;
              return !a.active ? (
                <>
                  {moveButton}
                  <button
                    type="button"
                    className="btn restore"
                    disabled={busy}
                    aria-label={`恢复 ${a.name}`}
                    onClick={() => void setActive(a, true)}
                  >
                    恢复
                  </button>
                </>
              ) : (
                <>
                  {moveButton}
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
              );
            },
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
