// 设备型号 on the import screen (issue 14), for the county's administrator: the catalogue a county registers
// its devices against. Without a model nothing can be registered, so a county set up from empty starts here.
// Listed from GET /api/device-models, added or changed with PUT /api/device-models/:id; a refused entry is
// said beside its field, or under the form when the refusal is the model's (a kind its devices cannot lose).
import { useRef, type FormEvent } from "react";
import type { DeviceModelListResponse, SaveDeviceModelRequest, SaveDeviceModelResponse } from "@anxin/contract/devices";
import {
  DEVICE_KIND_LABEL,
  DEVICE_NETWORK_LABEL,
  DEVICE_POWER_LABEL,
  SYSTEM_DEVICE_KINDS,
  type DeviceKindName,
  type DeviceNetworkName,
  type DevicePowerName,
} from "@anxin/contract/labels";
import { api } from "../../client/api.ts";
import { CardTable, Cell, headCells, Row } from "../components/DataTable.tsx";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading } from "../components/Page.tsx";
import { fieldErrors, useAction, type Resource } from "../lib/hooks.ts";

const EDITABLE = (Object.keys(DEVICE_KIND_LABEL) as DeviceKindName[]).filter((k) => !SYSTEM_DEVICE_KINDS.includes(k));
const POWERS = Object.keys(DEVICE_POWER_LABEL) as DevicePowerName[];
const NETWORKS = Object.keys(DEVICE_NETWORK_LABEL) as DeviceNetworkName[];
/** A model entered before the catalogue had power and network: null, shown and chosen as 未填写. */
const NOT_ENTERED = "未填写";
type Model = DeviceModelListResponse["items"][number];
const interval = (sec: number) => (sec % 3600 === 0 ? `${sec / 3600} 小时` : `${Math.round(sec / 60)} 分钟`);

/** The section; the screen loads the list (GET /api/device-models) so it knows when it is drawn. */
export function DeviceModels(props: { list: Resource<DeviceModelListResponse> }) {
  const { list } = props;
  const save = useAction();
  const form = useRef<HTMLFormElement>(null);
  const errors = fieldErrors(save.error);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const id = String(f.get("id") ?? "").trim();
    const body: SaveDeviceModelRequest = {
      kind: String(f.get("kind")) as DeviceKindName,
      vendor: String(f.get("vendor") ?? "").trim(),
      name: String(f.get("name") ?? "").trim(),
      heartbeatIntervalSec: Math.round(Number(f.get("minutes")) * 60),
      missedHeartbeats: Number(f.get("missedHeartbeats")),
      power: (String(f.get("power") ?? "") || null) as DevicePowerName | null,
      network: (String(f.get("network") ?? "") || null) as DeviceNetworkName | null,
      // sent as the form shows them: a re-saved model that cannot be muted must not become one that can
      supportsMute: f.get("supportsMute") === "on",
      supportsSelfTest: f.get("supportsSelfTest") === "on",
    };
    void save
      .run(
        () => api<SaveDeviceModelResponse>("PUT", `/api/device-models/${encodeURIComponent(id)}`, body),
        (r) => (r.created ? `已添加型号 ${r.id}。` : `已修改型号 ${r.id}。`),
      )
      .then((r) => {
        if (!r) return;
        form.current?.reset();
        list.reload();
      });
  };

  /** 修改: the form takes the model as it is, so saving changes only what the administrator changes */
  const edit = (m: Model) => {
    const el = form.current;
    if (!el) return;
    const set = (name: string, value: string) => {
      const field = el.elements.namedItem(name);
      if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
    };
    set("id", m.id);
    set("kind", m.kind);
    set("vendor", m.vendor);
    set("name", m.name);
    set("power", m.power ?? "");
    set("network", m.network ?? "");
    set("minutes", String(Math.round(m.heartbeatIntervalSec / 60)));
    set("missedHeartbeats", String(m.missedHeartbeats));
    for (const [name, on] of [
      ["supportsMute", m.supportsMute],
      ["supportsSelfTest", m.supportsSelfTest],
    ] as const) {
      const box = el.elements.namedItem(name);
      if (box instanceof HTMLInputElement) box.checked = on;
    }
    el.scrollIntoView({ block: "start" });
    (el.elements.namedItem("vendor") as HTMLInputElement | null)?.focus();
  };

  return (
    <section aria-labelledby="models-title" id="device-models">
      <h2 id="models-title">设备型号</h2>
      <p>
        登记设备时要选型号。型号写明设备类型和上报周期：超过“心跳间隔 ×
        允许漏报次数”没有上报即判为离线，也不计入覆盖率。已有设备的型号不能改设备类型。供电和联网方式决定小程序提醒住户做什么（换电池、插好电源、查看无线网或手机信号），未填写时按设备类型和名称推断。
      </p>
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data?.items.length ? (
        <CardTable
          id="model-table"
          aria-labelledby="models-title"
          head={headCells(
            ["型号", "设备类型", "厂家", "名称", "供电", "联网方式", "心跳间隔", "允许漏报", "设备数", "操作"],
            ["允许漏报", "设备数"],
          )}
        >
          {list.data.items.map((m) => (
            <Row key={m.id} data-model={m.id}>
              <Cell label="型号">{m.id}</Cell>
              <Cell label="设备类型">{DEVICE_KIND_LABEL[m.kind]}</Cell>
              <Cell label="厂家">{m.vendor}</Cell>
              <Cell label="名称">{m.name}</Cell>
              <Cell label="供电" col="power" className={m.power ? undefined : "unknown"}>
                {m.power ? DEVICE_POWER_LABEL[m.power] : NOT_ENTERED}
              </Cell>
              <Cell label="联网方式" col="network" className={m.network ? undefined : "unknown"}>
                {m.network ? DEVICE_NETWORK_LABEL[m.network] : NOT_ENTERED}
              </Cell>
              <Cell label="心跳间隔">{interval(m.heartbeatIntervalSec)}</Cell>
              <Cell label="允许漏报" num>
                {m.missedHeartbeats}
              </Cell>
              <Cell label="设备数" num>
                {m.devices}
              </Cell>
              <Cell label="操作">
                {SYSTEM_DEVICE_KINDS.includes(m.kind) ? null : (
                  <button type="button" className="btn" onClick={() => edit(m)} aria-label={`修改型号 ${m.id}`}>
                    修改
                  </button>
                )}
              </Cell>
            </Row>
          ))}
        </CardTable>
      ) : list.data ? (
        <p className="notice" id="no-models">
          还没有任何型号：请先添加本县采购的报警器型号，再登记设备。
        </p>
      ) : null}
      <h3 id="model-form-title">添加或修改型号</h3>
      <form id="model-form" className="form-grid" aria-labelledby="model-form-title" onSubmit={submit} ref={form}>
        <Field label="型号编码" name="id" errors={errors} hint="点表中的“修改”带出已有型号；填新编码即添加">
          <input required maxLength={32} pattern="[A-Za-z0-9][A-Za-z0-9._\-]{1,31}" placeholder="如 GA-YG01" />
        </Field>
        <Field label="设备类型" name="kind" errors={errors}>
          <select required>
            {EDITABLE.map((k) => (
              <option key={k} value={k}>
                {DEVICE_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="厂家" name="vendor" errors={errors}>
          <input required maxLength={60} />
        </Field>
        <Field label="名称" name="name" errors={errors}>
          <input required maxLength={80} />
        </Field>
        <Field label="供电" name="power" errors={errors}>
          <select defaultValue="">
            <option value="">{NOT_ENTERED}</option>
            {POWERS.map((p) => (
              <option key={p} value={p}>
                {DEVICE_POWER_LABEL[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="联网方式" name="network" errors={errors}>
          <select defaultValue="">
            <option value="">{NOT_ENTERED}</option>
            {NETWORKS.map((n) => (
              <option key={n} value={n}>
                {DEVICE_NETWORK_LABEL[n]}
              </option>
            ))}
          </select>
        </Field>
        {/* minutes, as the catalogue shows them: a model beating every 10 minutes could not be written in hours */}
        <Field label="心跳间隔（分钟）" name="heartbeatIntervalSec" errors={errors}>
          <input name="minutes" type="number" required min={1} max={7 * 24 * 60} step={1} defaultValue={720} />
        </Field>
        <Field label="允许漏报次数" name="missedHeartbeats" errors={errors}>
          <input type="number" required min={1} max={10} defaultValue={2} />
        </Field>
        <label className="check">
          <input type="checkbox" name="supportsMute" defaultChecked /> 支持远程消音
        </label>
        <label className="check">
          <input type="checkbox" name="supportsSelfTest" defaultChecked /> 支持远程自检
        </label>
        <button type="submit" className="btn primary" disabled={save.busy}>
          保存型号
        </button>
        <ActionNotice action={save} id="model-result" />
      </form>
    </section>
  );
}
