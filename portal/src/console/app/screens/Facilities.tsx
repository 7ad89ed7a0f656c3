// 消防设施 (issue 15): a community's or unit's fire facilities — water tanks and pools, pumps, hydrants, pipe
// ends, electrical fire monitors, gas detectors, call points, sounders; a unit's smoke alarms and transmission
// devices too, for its own people and the county (the API's choice) — each with its current values against their
// limits, whether it is online, its open alarms and its service mode (安装模式, 维护模式: what it silences by kind,
// since when, marked past a day, device-mode.tsx), which those the API lets switch it (a unit's responsible person,
// manager and safety officer for their unit's devices but its transmission device, the monitoring centre's
// administrator's; the property desk for a community's) switch here, PATCH /api/devices/:id. At most 500 devices, those
// out of normal use first, with a notice when there are more; a 24-hour chart per measurement (ECharts) with its
// limits as lines; the hydrants on a map (Leaflet), green when they work, red when not, grey when their sensor
// has never reported a pressure (nothing is known: hydrantState). A limit editor sets a
// point's own limit or puts the default back, and sees who changed it when. All from /api/sensors: the places
// the caller sees (/places), a place's facilities (another scope's place is the API's 404, said here),
// a point's chart (/series), its limit (/limits/:point) and its history. The mode reminder's link for a unit's
// people opens the page at their unit (?place=unit:<id>).
import { useCallback, useMemo, useState } from "react";
import type { FacilityDeviceListView, FacilityDeviceView, FacilityPlaceView } from "@anxin/contract/sensors";
import { countyLocaleString } from "@anxin/contract/county-time";
import { DEVICE_KIND_LABEL, DEVICE_STATE_LABEL, KIND_LABEL } from "@anxin/contract/labels";
import { inRoleSet, maySwitchModeOfKind, ROLE_SETS } from "@anxin/contract/roles";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { CardTable, Cell, EmptyRow, headCells, Row } from "../components/DataTable.tsx";
import { MapView, type Marker } from "../components/MapView.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useConsoleOptions } from "../lib/options.ts";
import { useReady } from "../lib/ready.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { ModeCell, modeEffect, useMinuteClock, useModeSwitch } from "./device-mode.tsx";
import { COLORS, LimitPanel, SeriesChart } from "./facilities/point.tsx";

const TITLE = "消防设施";
const FACILITY_HEADS = ["设备", "类型", "位置", "在线", "当前值", "未关闭报警", "最后上报", "模式"];
const SWITCH_HEAD = "切换模式";
const kindName = (kind: string) => (DEVICE_KIND_LABEL as Record<string, string>)[kind] ?? kind;
const DAY_MS = 24 * 3600_000;
const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");
const placeKey = (p: { kind: string; id: string }) => `${p.kind}:${p.id}`;
const alarmName = (kind: string) => (KIND_LABEL as Record<string, string>)[kind] ?? kind;

type HydrantState = "working" | "unusable" | "unreported";
const HYDRANT: Record<HydrantState, { text: string; className: string; color: string }> = {
  working: { text: "可用", className: "ok", color: COLORS.ok },
  unusable: { text: "不可用", className: "bad", color: COLORS.bad },
  unreported: { text: "未上报", className: "unknown", color: "#757575" },
};

/**
 * A hydrant works when its sensor is online with every reading within its limits and nothing open; it is
 * unusable on an open alarm, when the sensor went offline, or on a reading past a limit; a sensor that has
 * never reported a reading (never connected, or connected without a pressure yet) says nothing about the
 * hydrant: 未上报, neither usable nor not.
 */
function hydrantState(d: FacilityDeviceView): HydrantState {
  if (d.openAlarms.length) return "unusable";
  if (!d.points.length) return "unreported";
  return d.online && d.points.every((p) => p.within) ? "working" : "unusable";
}

/** The place the address asks for (?place=unit:<id> or community:<id>), bounded; null when it names none. */
function askedPlace(value: string | null): { kind: "unit" | "community"; id: string } | null {
  const m = /^(unit|community):([^:]{1,64})$/.exec(value ?? "");
  return m ? { kind: m[1] as "unit" | "community", id: m[2]! } : null;
}

export default function Facilities() {
  const url = useLocation();
  const places = useResource<{ items: FacilityPlaceView[] }>("/api/sensors/places");
  const options = useConsoleOptions();
  if (places.error || !places.data || !options) return <Pending title={TITLE} error={places.error} />;
  const list = places.data.items;
  const asked = url.searchParams.get("place");
  // a place not in the list still goes to the API, which decides: another scope's place is its 404
  const current = asked ? askedPlace(asked) : (list[0] ?? null);
  return (
    <Page title={TITLE}>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const v = String(new FormData(e.currentTarget).get("place") ?? "");
          navigate(`/console/facilities?place=${encodeURIComponent(v)}`);
        }}
      >
        <label htmlFor="place">场所</label>
        <select id="place" name="place" defaultValue={current ? placeKey(current) : undefined} key={asked ?? ""}>
          {list.map((p) => (
            <option key={placeKey(p)} value={placeKey(p)}>
              {p.kind === "unit" ? "单位" : "小区"} · {p.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn primary">
          查看
        </button>
      </form>
      {asked && !current ? (
        <LoadError error={new Error("场所的写法不对")} />
      ) : current ? (
        <Place key={placeKey(current)} place={current} tileUrl={options.tileUrl} />
      ) : (
        <Empty />
      )}
    </Page>
  );
}

function Empty() {
  useReady(true);
  return <p className="notice">没有可查看的场所。</p>;
}

function Place(props: { place: { kind: "unit" | "community"; id: string }; tileUrl: string | null }) {
  const { place } = props;
  const session = useSession();
  const edits = inRoleSet(ROLE_SETS.limitEditors, session.role);
  // who the API lets switch a device's mode here: a unit's people for their unit's, the property desk for a
  // community's (residents never reach the console)
  const switches = inRoleSet(ROLE_SETS.deviceEditors, session.role);
  // but never a transmission device's, for a unit's people (the API refuses by the same rule: out of normal use it
  // would silence every fire its panel reports); its mode is the monitoring centre's administrator's
  const switchable = (d: FacilityDeviceView) => maySwitchModeOfKind(session.role, d.kind);
  const { ask, dialog } = useConfirm();
  const of = `${place.kind === "unit" ? "unitId" : "communityId"}=${encodeURIComponent(place.id)}`;
  const r = useResource<FacilityDeviceListView>(`/api/sensors/facilities?${of}`);
  const told = place.kind === "unit" ? "单位和监控中心" : "住户和物业";
  const modes = useModeSwitch(r.reload, { told, ask });
  const now = useMinuteClock();
  const [drawn, setDrawn] = useState<ReadonlySet<string>>(new Set());
  const [mapDrawn, setMapDrawn] = useState(false);
  const [round, setRound] = useState(0);
  // a point whose last reading is older than the chart's 24 hours has an empty chart: said in words
  const [openedAt] = useState(() => Date.now());
  const done = useCallback((key: string) => setDrawn((s) => (s.has(key) ? s : new Set(s).add(key))), []);
  const devices = useMemo(() => r.data?.items ?? [], [r.data]);
  const hydrants = useMemo(
    () =>
      devices.flatMap((d) =>
        d.kind === "HYDRANT_PRESSURE" && d.latitude !== null && d.longitude !== null
          ? [
              {
                id: d.id,
                name: d.name ?? d.place,
                lat: d.latitude,
                lng: d.longitude,
                state: hydrantState(d),
              },
            ]
          : [],
      ),
    [devices],
  );
  const markers = useMemo<Marker[]>(
    () =>
      hydrants.map((h) => ({
        id: h.id,
        lat: h.lat,
        lng: h.lng,
        label: `${h.name}（${HYDRANT[h.state].text}）`,
        color: HYDRANT[h.state].color,
        pinned: "right",
      })),
    [hydrants],
  );
  const cards = devices.flatMap((d) => d.points.map((p) => ({ d, p, key: `${d.id} ${p.point}` })));
  useReady(Boolean(r.data) && (hydrants.length === 0 || mapDrawn) && cards.every((c) => drawn.has(c.key)));
  // the confirm dialog is always in the page, first (kept across renders): it listens for its answer from the
  // first render on
  if (r.error || !r.data)
    return (
      <>
        {dialog}
        {r.error ? <LoadError error={r.error} /> : <Loading />}
      </>
    );
  const changed = () => {
    r.reload();
    setRound((n) => n + 1);
  };
  const alarmCount = devices.reduce((n, d) => n + d.openAlarms.length, 0);
  const resting = devices.filter((d) => d.mode !== "NORMAL");
  const silent = resting.filter((d) => modeEffect(d.kind, told).silencesFire).length;
  const restingWords =
    silent === resting.length ? "不报火警" : silent ? `其中 ${silent} 台不报火警` : "报警照常，离线不报警";
  const heads = switches ? [...FACILITY_HEADS, SWITCH_HEAD] : FACILITY_HEADS;
  return (
    <>
      {dialog}
      <p className="summary">
        {r.data.truncated ? "显示" : "共"} {devices.length} 台设施设备，
        {alarmCount ? (
          <strong className="bad">{alarmCount} 条未关闭报警</strong>
        ) : (
          <span className="ok">无未关闭报警</span>
        )}
        {resting.length ? (
          <>
            ，
            <strong className="bad">
              {resting.length} 台未正常使用（安装或维护模式，{restingWords}）
            </strong>
          </>
        ) : null}
      </p>
      {r.data.truncated ? (
        <p className="notice" id="facility-truncated">
          共 {r.data.total} 台设备，仅显示前 {devices.length} 台：未正常使用的排在最前，其余按设备编号。
        </p>
      ) : null}
      <ActionNotice action={modes.action} id="mode-result" />
      <CardTable id="facility-table" caption={<caption className="sr-only">设施设备</caption>} head={headCells(heads)}>
        {devices.length ? (
          devices.map((d) => (
            <Row key={d.id} data-device={d.id} data-mode={d.mode}>
              <Cell label="设备">{d.name ?? d.id}</Cell>
              <Cell label="类型">{kindName(d.kind)}</Cell>
              <Cell label="位置">{d.place || "—"}</Cell>
              <Cell label="在线" className={d.online ? "ok" : "bad"}>
                {d.online ? "在线" : d.lastSeenAt ? DEVICE_STATE_LABEL.offline : DEVICE_STATE_LABEL.never_connected}
              </Cell>
              <Cell label="当前值">
                {d.points.length
                  ? d.points.map((p) => (
                      <div key={p.point} className={p.within ? "ok" : "bad"}>
                        {p.label} {p.text}
                        {p.within ? "" : "（超限）"}
                      </div>
                    ))
                  : "—"}
              </Cell>
              <Cell label="未关闭报警">
                {d.openAlarms.length
                  ? d.openAlarms.map((a) => (
                      <div key={a.id} className="bad">
                        {alarmName(a.kind)}
                      </div>
                    ))
                  : "无"}
              </Cell>
              <Cell label="最后上报">{when(d.lastSeenAt)}</Cell>
              <Cell label="模式" col="mode">
                <ModeCell device={{ ...d, room: d.place || null }} now={now} />
              </Cell>
              {switches ? (
                <Cell label={SWITCH_HEAD}>
                  {switchable(d) ? (
                    modes.button({ ...d, room: d.place || null })
                  ) : (
                    <small className="mode-locked">由监控中心的系统管理员切换</small>
                  )}
                </Cell>
              ) : null}
            </Row>
          ))
        ) : (
          <EmptyRow span={heads.length}>这里还没有设施设备</EmptyRow>
        )}
      </CardTable>
      {switches ? modes.dialogs : null}
      <h2>消火栓分布</h2>
      {hydrants.length ? (
        <MapView
          id="hydrant-map"
          markers={markers}
          tileUrl={props.tileUrl}
          label="消火栓分布图：绿色可用，红色不可用（离线、水压超限或有报警），灰色未上报（传感器还没有上报过水压，状态未知）"
          onReady={() => setMapDrawn(true)}
        />
      ) : (
        <p>没有标注位置的消火栓。</p>
      )}
      <ul className="hydrant-list">
        {hydrants.map((h) => (
          <li key={h.id} className={HYDRANT[h.state].className} data-state={h.state}>
            {h.name}：{HYDRANT[h.state].text}
            {h.state === "unreported" ? "（传感器还没有上报过水压，状态未知）" : ""}
          </li>
        ))}
      </ul>
      <h2>监测曲线（近 24 小时）</h2>
      {cards.length ? null : (
        <p className="notice" id="series-empty">
          {devices.length
            ? "这里的设施设备还没有上报过监测读数（如水位、水压、电流），所以还没有曲线；设备接入并上报后，曲线会显示在这里。"
            : "这里还没有接入监测的设施设备，所以没有曲线；请联系安装单位把水箱水位、消火栓水压等监测设备接入平台。"}
        </p>
      )}
      <div className="grid2">
        {cards.map(({ d, p, key }) => (
          <section className="chart-card" key={key}>
            <h3>
              {d.name ?? d.id} · {p.label}（{p.unit || "—"}）
            </h3>
            {openedAt - Date.parse(p.ts) > DAY_MS ? (
              <p className="notice stale-series">近 24 小时没有读数，曲线为空；最后一次读数在 {when(p.ts)}。</p>
            ) : null}
            <SeriesChart
              key={round}
              deviceId={d.id}
              point={p.point}
              name={`${d.name ?? d.id} ${p.label}`}
              onDone={() => done(key)}
            />
            <LimitPanel
              deviceId={d.id}
              point={p.point}
              name={`${d.name ?? d.id} ${p.label}`}
              unit={p.unit}
              limit={p.limit}
              edits={edits}
              ask={ask}
              onChanged={changed}
            />
          </section>
        ))}
      </div>
    </>
  );
}
