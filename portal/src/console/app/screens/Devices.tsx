// 设备健康: the devices of the caller's communities by health state (offline, low battery, removed, fault,
// never connected, in alarm), or those out of normal use (安装模式, 维护模式), 50 a page, the filters and page kept
// in the address, and the same list as CSV (/console/devices.csv: UTF-8 with a BOM for Excel, formula cells
// neutralised). Each device's mode is said in words with what it silences by the row's kind (a detector reports no
// fire, 不报火警; a community's tank, pump, hydrant or electrical fire monitor only not its going offline,
// 离线不报警), one out of normal use for over a day is marked, and the property desk switches it (device-mode.tsx).
// From GET /api/devices (each row with its model's kind) and GET /api/communities (the community names), both
// scoped by the API.
import type { StaffDeviceListResponse } from "@anxin/contract/devices";
import type { CommunityListResponse } from "@anxin/contract/households";
import { DEVICE_STATE_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { fmtTime } from "../../client/api.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { ModeCell, useMinuteClock, useModeSwitch, type DeviceRow } from "./device-mode.tsx";

const LIMIT = 50;
/** every state but 正常: the lists someone has to act on */
const STATES = Object.keys(DEVICE_STATE_LABEL).filter((s) => s !== "normal");
const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

interface Filter {
  state: string;
  /** only the devices out of normal use (安装模式, 维护模式) */
  out: boolean;
}

const address = (f: Filter, offset = 0) =>
  `/console/devices?${new URLSearchParams({
    ...(f.state ? { state: f.state } : {}),
    ...(f.out ? { outOfService: "true" } : {}),
    ...(offset ? { offset: String(offset) } : {}),
  }).toString()}`;

/** the same list as CSV: both filters, every page */
const csvAddress = (f: Filter) =>
  `/console/devices.csv?${new URLSearchParams({
    state: f.state,
    ...(f.out ? { outOfService: "true" } : {}),
  }).toString()}`;

export default function Devices() {
  const p = useLocation().searchParams;
  const state = STATES.includes(p.get("state") ?? "") ? p.get("state")! : "";
  const out = p.get("outOfService") === "true";
  const filter = { state, out };
  const offset = Math.min(1_000_000, Math.max(0, Number(p.get("offset")) || 0));
  const list = useResource<StaffDeviceListResponse>(
    `/api/devices?${new URLSearchParams({
      ...(state ? { state } : {}),
      ...(out ? { outOfService: "true" } : {}),
      offset: String(offset),
      limit: String(LIMIT),
    }).toString()}`,
  );
  const communities = useResource<CommunityListResponse>("/api/communities");
  // the property desk switches a device's mode (the API's rule: PATCH /api/devices/:id); others read it
  const switches = inRoleSet(ROLE_SETS.propertyDesk, useSession().role);
  const modes = useModeSwitch(list.reload);
  const now = useMinuteClock();
  useReady(Boolean(list.data && communities.data) && !list.loading);
  const names = new Map((communities.data?.items ?? []).map((c) => [c.id, c.name]));
  const error = list.error ?? communities.error;
  const d = list.data;
  const stateWords = state ? label(DEVICE_STATE_LABEL, state) : "";
  const what = out ? `${stateWords ? `${stateWords}且` : ""}未正常使用的` : stateWords || "全部";
  const columns: Column<DeviceRow>[] = [
    { header: "设备编号", cell: (x) => x.id },
    { header: "序列号", cell: (x) => x.serial },
    { header: "型号", cell: (x) => x.modelName },
    { header: "小区", cell: (x) => names.get(x.communityId ?? "") ?? "—" },
    { header: "位置", cell: (x) => x.name ?? x.room ?? (x.householdId ? "" : "未绑定") },
    {
      header: "状态",
      className: (x) => (x.state === "normal" ? "ok" : "bad"),
      cell: (x) => label(DEVICE_STATE_LABEL, x.state),
    },
    { header: "电量", num: true, cell: (x) => (x.battery === null ? "—" : `${x.battery}%`) },
    { header: "最后上报", cell: (x) => fmtTime(x.lastSeenAt) },
    { header: "模式", cell: (x) => <ModeCell device={x} now={now} /> },
    ...(switches ? [{ header: "切换模式", cell: (x: DeviceRow) => modes.button(x) }] : []),
  ];
  return (
    <Page title="设备健康">
      <nav className="filters" aria-label="按状态筛选">
        <Link
          className={state === "" ? "btn primary" : "btn"}
          aria-current={state === "" ? "page" : undefined}
          href={address({ state: "", out })}
        >
          全部
        </Link>
        {STATES.map((s) => (
          <Link
            key={s}
            className={state === s ? "btn primary" : "btn"}
            aria-current={state === s ? "page" : undefined}
            href={address({ state: s, out })}
          >
            {label(DEVICE_STATE_LABEL, s)}
          </Link>
        ))}
        <a className="btn" id="csv" href={csvAddress(filter)}>
          导出 CSV
        </a>
      </nav>
      <nav className="filters" aria-label="按模式筛选">
        <Link
          className={out ? "btn" : "btn primary"}
          aria-current={out ? undefined : "page"}
          href={address({ state, out: false })}
        >
          所有模式
        </Link>
        <Link
          id="out-of-service"
          className={out ? "btn primary" : "btn"}
          aria-current={out ? "page" : undefined}
          href={address({ state, out: true })}
        >
          未正常使用（安装、维护模式）
        </Link>
      </nav>
      <ActionNotice action={modes.action} id="mode-result" />
      {error ? <LoadError error={error} /> : null}
      {d ? (
        <DataTable
          id="device-table"
          title={`${what}设备（共 ${d.total} 台）`}
          rows={d.items}
          rowKey={(x) => x.id}
          rowData={(x) => ({ "data-device": x.id, "data-mode": x.mode })}
          empty={
            out
              ? "没有处于安装或维护模式的设备，全部正常使用。"
              : state
                ? `没有${label(DEVICE_STATE_LABEL, state)}的设备。`
                : "还没有设备。"
          }
          paging={{ total: d.total, offset, limit: LIMIT, onPage: (o) => navigate(address(filter, o)) }}
          columns={columns}
        />
      ) : null}
      {switches ? modes.dialogs : null}
    </Page>
  );
}
