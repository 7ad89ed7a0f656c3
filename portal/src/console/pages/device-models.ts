// 设备型号 on the import page (issue 14): the catalogue a county registers its devices against, kept by the
// administrator. Without a model nothing can be registered, so a county set up from empty starts here.
import { html, type Html } from "../../server/render/html.ts";
import {
  DEVICE_KIND_LABELS,
  EDITABLE_KINDS,
  type DeviceModelView,
} from "../../../../api/src/modules/devices/device-models.ts";

const hours = (sec: number) => (sec % 3600 === 0 ? `${sec / 3600} 小时` : `${Math.round(sec / 60)} 分钟`);

export function deviceModelsBody(models: readonly DeviceModelView[]): Html {
  return html`<section aria-labelledby="models-title" id="device-models">
<h2 id="models-title">设备型号</h2>
<p>登记设备时要选型号。型号写明设备类型和上报周期：超过“心跳间隔 × 允许漏报次数”没有上报即判为离线，也不计入覆盖率。已有设备的型号不能改设备类型。</p>
${
  models.length
    ? html`<table id="model-table"><thead><tr><th scope="col">型号</th><th scope="col">设备类型</th><th scope="col">厂家</th><th scope="col">名称</th><th scope="col">心跳间隔</th><th scope="col" class="num">允许漏报</th><th scope="col" class="num">设备数</th></tr></thead>
<tbody>${models.map((m) => html`<tr><td>${m.id}</td><td>${DEVICE_KIND_LABELS[m.kind]}</td><td>${m.vendor}</td><td>${m.name}</td><td>${hours(m.heartbeatIntervalSec)}</td><td class="num">${m.missedHeartbeats}</td><td class="num">${m.devices}</td></tr>`)}</tbody></table>`
    : html`<p class="notice" id="no-models">还没有任何型号：请先添加本县采购的报警器型号，再登记设备。</p>`
}
<form id="model-form" class="form-grid">
  <label>型号编码 <input name="id" required maxlength="32" pattern="[A-Za-z0-9][A-Za-z0-9._-]{1,31}" placeholder="如 GA-YG01" /></label>
  <label>设备类型 <select name="kind" required>${EDITABLE_KINDS.map((k) => html`<option value="${k}">${DEVICE_KIND_LABELS[k]}</option>`)}</select></label>
  <label>厂家 <input name="vendor" required maxlength="60" /></label>
  <label>名称 <input name="name" required maxlength="80" /></label>
  <label>心跳间隔（小时） <input name="hours" type="number" required min="0.1" max="168" step="0.1" value="12" /></label>
  <label>允许漏报次数 <input name="missed" type="number" required min="1" max="10" value="2" /></label>
  <button type="submit" class="btn primary">保存型号</button>
  <p id="model-result" role="status" aria-live="polite"></p>
</form>
</section>`;
}
