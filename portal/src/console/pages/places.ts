// Community > building > unit > household tree with each home's devices, one community and one page of
// households at a time (paged on the server; a county has tens of thousands of homes).
import { html, type Html } from "../../server/render/html.ts";
import { DEVICE_STATE_LABELS, type DeviceState } from "../../../../api/src/modules/devices/device-state.ts";

interface Community {
  id: string;
  name: string;
  township: string;
  buildings: number;
  devices: number;
}
interface Household {
  id: string;
  address: string;
  floor: number;
  claimed: boolean;
  residents?: { name: string | null; role: string; phone: string }[];
  devices: { id: string; name: string | null; room: string | null; state: string; battery: number | null }[];
}

const ROLE_LABEL: Record<string, string> = { OWNER: "户主", FAMILY: "家属", TENANT: "租户" };

export function placesBody(
  communities: Community[],
  current: Community | null,
  page: { total: number; items: Household[]; offset: number; limit: number },
): Html {
  // the address is "小区 楼栋 单元 房号": group on its parts, keeping the server's order
  const tree = new Map<string, Map<string, Household[]>>();
  for (const h of page.items) {
    const [, building = "", unit = ""] = h.address.split(" ");
    const units = tree.get(building) ?? new Map<string, Household[]>();
    units.set(unit, [...(units.get(unit) ?? []), h]);
    tree.set(building, units);
  }
  const link = (offset: number) => `/console/places?community=${current?.id ?? ""}&offset=${offset}`;
  return html`<nav class="filters">${communities.map((c) => html`<a class="btn${c.id === current?.id ? " primary" : ""}" href="/console/places?community=${c.id}">${c.name}（${c.township}，${c.buildings} 栋，${c.devices} 台设备）</a>`)}</nav>
${
  current
    ? html`<div class="tree" id="tree"><details open><summary><strong>${current.name}</strong>（共 ${page.total} 户）</summary>
${[...tree].map(
  ([b, units]) =>
    html`<details open><summary>${b}</summary>${[...units].map(
      ([
        u,
        homes,
      ]) => html`<details><summary>${u}（${homes.length} 户，${homes.filter((h) => h.devices.length).length} 户装有设备）</summary>
<table><thead><tr><th>房号</th><th>楼层</th><th>认领</th><th>住户</th><th>设备</th></tr></thead><tbody>
${homes.map((h) => html`<tr><td>${h.address.split(" ")[3] ?? h.address}</td><td class="num">${h.floor}</td><td>${h.claimed ? "已认领" : "未认领"}</td><td>${h.residents?.length ? h.residents.map((r) => html`<span>${r.name ?? "未留名"}（${ROLE_LABEL[r.role] ?? r.role}${r.phone ? `，${r.phone}` : ""}）</span> `) : "—"}</td><td>${h.devices.length ? h.devices.map((d) => html`<span class="${d.state === "normal" || d.state === "never_connected" ? "" : "bad"}">${d.name ?? d.id}（${d.room ?? ""}，${DEVICE_STATE_LABELS[d.state as DeviceState] ?? d.state}${d.battery !== null ? `，电量 ${d.battery}%` : ""}）</span> `) : "无"}</td></tr>`)}
</tbody></table></details>`,
    )}</details>`,
)}
</details></div>
<div class="pager">${page.offset > 0 ? html`<a href="${link(Math.max(0, page.offset - page.limit))}">上一页</a>` : ""} 第 ${page.offset + 1}–${Math.min(page.total, page.offset + page.limit)} 户 ${page.offset + page.limit < page.total ? html`<a href="${link(page.offset + page.limit)}">下一页</a>` : ""}</div>`
    : html`<p>请选择小区。</p>`
}`;
}
