// 设备健康: the devices of the caller's communities by health state (offline, low battery, removed, fault,
// never connected, in alarm), 50 a page, the state and page kept in the address, and the same list as CSV
// (/console/devices.csv: UTF-8 with a BOM for Excel, formula cells neutralised). From GET /api/devices and
// GET /api/communities (the community names), both scoped by the API.
import type { StaffDeviceListResponse } from "@anxin/contract/devices";
import type { CommunityListResponse } from "@anxin/contract/households";
import { DEVICE_MODE_LABEL, DEVICE_STATE_LABEL } from "@anxin/contract/labels";
import { fmtTime } from "../../client/api.ts";
import { DataTable } from "../components/DataTable.tsx";
import { LoadError, Page } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, useLocation } from "../lib/router.tsx";

const LIMIT = 50;
/** every state but 正常: the lists someone has to act on */
const STATES = Object.keys(DEVICE_STATE_LABEL).filter((s) => s !== "normal");
const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;

const address = (state: string, offset = 0) =>
  `/console/devices?${new URLSearchParams({ state, ...(offset ? { offset: String(offset) } : {}) }).toString()}`;

export default function Devices() {
  const p = useLocation().searchParams;
  const state = STATES.includes(p.get("state") ?? "") ? p.get("state")! : "";
  const offset = Math.min(1_000_000, Math.max(0, Number(p.get("offset")) || 0));
  const list = useResource<StaffDeviceListResponse>(
    `/api/devices?${new URLSearchParams({ ...(state ? { state } : {}), offset: String(offset), limit: String(LIMIT) }).toString()}`,
  );
  const communities = useResource<CommunityListResponse>("/api/communities");
  useReady(Boolean(list.data && communities.data) && !list.loading);
  const names = new Map((communities.data?.items ?? []).map((c) => [c.id, c.name]));
  const error = list.error ?? communities.error;
  const d = list.data;
  return (
    <Page title="设备健康">
      <nav className="filters" aria-label="按状态筛选">
        <Link
          className={state === "" ? "btn primary" : "btn"}
          aria-current={state === "" ? "page" : undefined}
          href={address("")}
        >
          全部
        </Link>
        {STATES.map((s) => (
          <Link
            key={s}
            className={state === s ? "btn primary" : "btn"}
            aria-current={state === s ? "page" : undefined}
            href={address(s)}
          >
            {label(DEVICE_STATE_LABEL, s)}
          </Link>
        ))}
        <a className="btn" id="csv" href={`/console/devices.csv?state=${state}`}>
          导出 CSV
        </a>
      </nav>
      {error ? <LoadError error={error} /> : null}
      {d ? (
        <DataTable
          id="device-table"
          title={`${state ? label(DEVICE_STATE_LABEL, state) : "全部"}设备（共 ${d.total} 台）`}
          rows={d.items}
          rowKey={(x) => x.id}
          empty={state ? `没有${label(DEVICE_STATE_LABEL, state)}的设备。` : "还没有设备。"}
          paging={{ total: d.total, offset, limit: LIMIT, onPage: (o) => navigate(address(state, o)) }}
          columns={[
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
            { header: "模式", cell: (x) => label(DEVICE_MODE_LABEL, x.mode) },
          ]}
        />
      ) : null}
    </Page>
  );
}
