// 用户信息传输装置 (issue 16): per unit the caller may see, its transmission devices with their state and last
// frame, the components a panel reports out of their normal state, and the latest events; from
// GET /api/transmission-devices (the caller's unit scope is the API's). The unit is in the address (?unit=),
// and a refresh button asks again (a timed refresh would take the page from someone reading it).
import type { FormEvent } from "react";
import type { OverviewUnit, PanelOverview } from "@anxin/contract/panels";
import { TRANSMISSION_DEVICE_STATE_LABEL } from "@anxin/contract/labels";
import { fmtTime } from "../../client/api.ts";
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
      <table id="uitd-table" aria-labelledby="uitd-title">
        <thead>
          <tr>
            <th scope="col">装置地址</th>
            <th scope="col">状态</th>
            <th scope="col">最后心跳</th>
            <th scope="col">巡检周期</th>
            <th scope="col" className="num">
              未处理报警
            </th>
            <th scope="col">时钟同步</th>
            <th scope="col">协议</th>
          </tr>
        </thead>
        <tbody>
          {u.devices.map((d) => (
            <tr key={d.id} data-device={d.deviceId}>
              <td>{d.address}</td>
              <td className={d.state === "normal" ? "ok" : "bad"}>{TRANSMISSION_DEVICE_STATE_LABEL[d.state]}</td>
              <td>{fmtTime(d.lastSeenAt)}</td>
              <td>{minutes(d.patrolIntervalSec)}</td>
              <td className="num">{d.openAlarms}</td>
              <td>{fmtTime(d.lastClockSyncAt)}</td>
              <td>
                {d.profile === "standard" ? "标准" : d.profile}
                {d.settings ? (
                  <>
                    <br />
                    <small className={d.settings.state === "refused" ? "bad" : undefined}>
                      {SETTINGS_TEXT[d.settings.state]}（{fmtTime(d.settings.at)}）
                    </small>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">修改协议或巡检周期后，装置所连的网关（任一实例）立即按新设置读取，装置无需重连。</p>
      <h2 id="component-title">异常部件</h2>
      {u.abnormal.length ? (
        <table id="component-table" aria-labelledby="component-title">
          <thead>
            <tr>
              <th scope="col">部件</th>
              <th scope="col">位置</th>
              <th scope="col">状态</th>
              <th scope="col">变化时间</th>
            </tr>
          </thead>
          <tbody>
            {u.abnormal.map((c, i) => (
              <tr key={`${i}-${c.name}`}>
                <td>{c.name}</td>
                <td>{c.location ?? "—"}</td>
                <td className="bad">{conditions(c)}</td>
                <td>{fmtTime(c.changedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p id="component-none">{noAbnormal(u.devices)}</p>
      )}
      <h2 id="event-title">最近事件</h2>
      {u.events.length ? (
        <table id="event-table" aria-labelledby="event-title">
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">装置</th>
              <th scope="col">事件</th>
              <th scope="col">位置</th>
            </tr>
          </thead>
          <tbody>
            {u.events.map((e, i) => (
              <tr key={`${i}-${e.at}`}>
                <td>{fmtTime(e.at)}</td>
                <td>{e.address}</td>
                <td>{e.label}</td>
                <td>{e.location ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>还没有收到事件。</p>
      )}
    </Page>
  );
}
