// 用户信息传输装置 (issue 16): per unit the caller may see, its transmission devices with their state and last
// frame, the components a panel reports out of their normal state, and the latest events; from
// GET /api/transmission-devices (the caller's unit scope is the API's). The unit is in the address (?unit=),
// and a refresh button asks again (a timed refresh would take the page from someone reading it).
import type { FormEvent } from "react";
import type { OverviewUnit, PanelOverview } from "@anxin/contract/panels";
import { TRANSMISSION_DEVICE_STATE_LABEL } from "@anxin/contract/labels";
import { fmtTime } from "../../client/api.ts";
import { CardTable, Cell, headCells, Row } from "../components/DataTable.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";

const TITLE = "用户信息传输装置";

type Overview = PanelOverview;
type Device = OverviewUnit["devices"][number];

/** what became of the last settings change on the device's live session (panel-overview.ts) */
const SETTINGS_TEXT: Record<NonNullable<Device["settings"]>["state"], string> = {
  pending: "新设置下发中",
  applied: "新设置已在线生效",
  refused: "新设置未生效：协议配置无效",
  at_connect: "装置未连接，连接时按新设置",
};

const minutes = (sec: number) => (sec % 60 === 0 ? `${sec / 60} 分钟` : `${sec} 秒`);

const conditions = (c: OverviewUnit["abnormal"][number]) =>
  [c.fire && "火警", c.fault && "故障", c.supervision && "监管", c.shielded && "屏蔽"].filter(Boolean).join("、");

/**
 * What no abnormal component means depends on whether the devices ever spoke: a device that never connected
 * has told us nothing about its components (its imported list says they exist, not how they are), and an
 * offline one's last report may be out of date. Only devices online say "all normal" outright.
 */
function noAbnormal(devices: Device[]): string {
  const never = devices.filter((d) => d.state === "never_connected");
  if (devices.length && never.length === devices.length)
    return "传输装置尚未上线（从未连接），还没有收到任何部件状态，无法判断部件是否正常。装置接入并上报后，异常部件会显示在这里。";
  if (never.length)
    return `已上线的传输装置未报告异常部件；装置 ${never.map((d) => d.address).join("、")} 尚未上线（从未连接），它的部件状态还不知道。`;
  if (devices.length && devices.every((d) => d.state === "offline"))
    return "传输装置离线：离线前最后一次上报时没有异常部件，当前状态未知。";
  return "所有部件状态正常。";
}

export default function Panels() {
  const url = useLocation();
  const asked = url.searchParams.get("unit")?.slice(0, 64) ?? null;
  const r = useResource<Overview>(`/api/transmission-devices${asked ? `?unit=${encodeURIComponent(asked)}` : ""}`);
  useReady(Boolean(r.data) && !r.loading);

  if (r.error || !r.data) return <Pending title={TITLE} error={r.error} />;
  const { units, selected: u } = r.data;
  if (!u)
    return (
      <Page title={TITLE}>
        <div className="notice" id="uitd-empty">
          <p>您可查看的单位中还没有登记用户信息传输装置，所以这里暂时看不到装置状态和报警。</p>
          <p>
            请联系为单位安装或维保火灾自动报警系统的单位，把消防控制室里报警控制器旁的用户信息传输装置接入县消防物联监控中心。接入登记后，装置的状态、报警和异常部件会显示在这里。
          </p>
        </div>
      </Page>
    );

  const show = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const unit = String(new FormData(e.currentTarget).get("unit") ?? "");
    if (unit === u.id && url.searchParams.get("unit") === unit) r.reload();
    else navigate(`/console/panels?unit=${encodeURIComponent(unit)}`);
  };
  return (
    <Page title={TITLE}>
      <form className="filters" onSubmit={show}>
        <label htmlFor="unit">单位</label>
        <select id="unit" name="unit" defaultValue={u.id} key={u.id}>
          {units.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn primary" disabled={r.loading}>
          {r.loading ? "正在刷新…" : "查看 / 刷新"}
        </button>
      </form>
      <h2 id="uitd-title">{u.name} · 传输装置</h2>
      <CardTable
        id="uitd-table"
        aria-labelledby="uitd-title"
        head={headCells(["装置地址", "状态", "最后心跳", "巡检周期", "未处理报警", "时钟同步", "协议"], ["未处理报警"])}
      >
        {u.devices.map((d) => (
          <Row key={d.id} data-device={d.deviceId}>
            <Cell label="装置地址">{d.address}</Cell>
            <Cell label="状态" className={d.state === "normal" ? "ok" : "bad"}>
              {TRANSMISSION_DEVICE_STATE_LABEL[d.state]}
            </Cell>
            <Cell label="最后心跳">{fmtTime(d.lastSeenAt)}</Cell>
            <Cell label="巡检周期">{minutes(d.patrolIntervalSec)}</Cell>
            <Cell label="未处理报警" num>
              {d.openAlarms}
            </Cell>
            <Cell label="时钟同步">{fmtTime(d.lastClockSyncAt)}</Cell>
            <Cell label="协议">
              {d.profile === "standard" ? "标准" : d.profile}
              {d.settings ? (
                <>
                  <br />
                  <small className={d.settings.state === "refused" ? "bad" : undefined}>
                    {SETTINGS_TEXT[d.settings.state]}（{fmtTime(d.settings.at)}）
                  </small>
                </>
              ) : null}
            </Cell>
          </Row>
        ))}
      </CardTable>
      <p className="hint">修改协议或巡检周期后，装置所连的网关（任一实例）立即按新设置读取，装置无需重连。</p>
      <h2 id="component-title">异常部件</h2>
      {u.abnormal.length ? (
        <CardTable
          id="component-table"
          aria-labelledby="component-title"
          head={headCells(["部件", "位置", "状态", "变化时间"])}
        >
          {u.abnormal.map((c, i) => (
            <Row key={`${i}-${c.name}`}>
              <Cell label="部件">{c.name}</Cell>
              <Cell label="位置">{c.location ?? "—"}</Cell>
              <Cell label="状态" className="bad">
                {conditions(c)}
              </Cell>
              <Cell label="变化时间">{fmtTime(c.changedAt)}</Cell>
            </Row>
          ))}
        </CardTable>
      ) : (
        <p id="component-none">{noAbnormal(u.devices)}</p>
      )}
      <h2 id="event-title">最近事件</h2>
      {u.events.length ? (
        <CardTable id="event-table" aria-labelledby="event-title" head={headCells(["时间", "装置", "事件", "位置"])}>
          {u.events.map((e, i) => (
            <Row key={`${i}-${e.at}`}>
              <Cell label="时间">{fmtTime(e.at)}</Cell>
              <Cell label="装置">{e.address}</Cell>
              <Cell label="事件">{e.label}</Cell>
              <Cell label="位置">{e.location ?? "—"}</Cell>
            </Row>
          ))}
        </CardTable>
      ) : (
        <p>还没有收到事件。</p>
      )}
    </Page>
  );
}
