// The unit pages' forms: register a unit (units list), add a building, key part or facility to a unit's
// file, upload a document (unit file). Each goes to the JSON API; the page reloads to show the saved file.
import { api, el, upload } from "./api.ts";
import { wireFilePicks } from "./file-pick.ts";

wireFilePicks();

const say = (target: HTMLElement | null, text: string, bad = false) =>
  target?.replaceChildren(el("span", { class: bad ? "bad" : "ok" }, text));
const value = (form: HTMLFormElement, name: string) =>
  ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "").trim();
const num = (v: string) => (v === "" ? undefined : Number(v));
const unitId = () => location.pathname.split("/")[3] ?? "";

interface FileView {
  id: string;
  buildings: Record<string, unknown>[];
  keyParts: { name: string; building: string | null; floor: number | null; description: string | null }[];
  facilities: {
    kind: string;
    count: number;
    description: string | null;
    maintenanceCompany: { id: string } | null;
    installedOn: string | null;
  }[];
}

function bind(id: string, run: (form: HTMLFormElement) => Promise<string>) {
  const form = document.getElementById(id) as HTMLFormElement | null;
  form?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const out = document.getElementById(id === "unit-create" ? "unit-create-result" : "unit-edit-result");
    say(out, "正在保存…");
    const button = form.querySelector("button[type=submit]") as HTMLButtonElement;
    button.disabled = true;
    run(form)
      .then((next) => {
        say(out, "已保存");
        location.href = next;
      })
      .catch((e: Error) => say(out, e.message, true))
      .finally(() => (button.disabled = false));
  });
}

bind("unit-create", async (f) => {
  const u = await api<{ id: string }>("POST", "/api/units", {
    name: value(f, "name"),
    creditCode: value(f, "creditCode"),
    category: value(f, "category"),
    townshipId: value(f, "townshipId"),
    address: value(f, "address"),
    phone: value(f, "phone") || null,
    keyUnit: (f.elements.namedItem("keyUnit") as HTMLInputElement).checked,
  });
  return `/console/units/${u.id}`;
});

/** The file as it is now: a list sent in a change replaces the unit's list, so send it whole. */
const current = () => api<FileView>("GET", `/api/units/${unitId()}`);
const here = () => location.pathname;

bind("building-add", async (f) => {
  const file = await current();
  const buildings = file.buildings.map((b) => ({
    name: b.name,
    floorsAbove: b.floorsAbove,
    floorsBelow: b.floorsBelow,
    heightM: b.heightM,
    areaM2: b.areaM2,
    use: b.use,
    highRise: b.highRise,
    yearBuilt: b.yearBuilt,
  }));
  buildings.push({
    name: value(f, "name"),
    floorsAbove: num(value(f, "floorsAbove")),
    floorsBelow: 0,
    heightM: num(value(f, "heightM")) ?? null,
    areaM2: null,
    use: value(f, "use") || null,
    highRise: null,
    yearBuilt: null,
  });
  await api("PATCH", `/api/units/${unitId()}`, { buildings });
  return here();
});

bind("key-part-add", async (f) => {
  const file = await current();
  const keyParts = [
    ...file.keyParts,
    {
      name: value(f, "name"),
      building: value(f, "building") || null,
      floor: num(value(f, "floor")) ?? null,
      description: null,
    },
  ];
  await api("PATCH", `/api/units/${unitId()}`, { keyParts });
  return here();
});

bind("facility-add", async (f) => {
  const file = await current();
  const kind = value(f, "kind");
  const facilities = file.facilities
    .filter((x) => x.kind !== kind)
    .map((x) => ({
      kind: x.kind,
      count: x.count,
      description: x.description,
      maintenanceCompanyId: x.maintenanceCompany?.id ?? null,
      installedOn: x.installedOn,
    }));
  facilities.push({
    kind,
    count: Number(value(f, "count") || 1),
    description: null,
    maintenanceCompanyId: null,
    installedOn: null,
  });
  await api("PATCH", `/api/units/${unitId()}`, { facilities });
  return here();
});

bind("document-upload", async (f) => {
  const file = (f.elements.namedItem("file") as HTMLInputElement).files?.[0];
  if (!file) throw new Error("请选择文件");
  const qs = new URLSearchParams({ kind: value(f, "kind"), title: value(f, "title") });
  await upload(`/api/units/${unitId()}/documents?${qs.toString()}`, file);
  return here();
});

// the yearly facility test (the maintenance technician) or the monthly inspection, then its report
bind("facility-test-add", async (f) => {
  const items = [];
  for (let i = 0; i < 100; i++) {
    const item = f.elements.namedItem(`item${i}`) as HTMLInputElement | null;
    if (!item) break;
    const note = value(f, `note${i}`);
    items.push({
      item: item.value,
      ok: value(f, `ok${i}`) === "1",
      ...(note ? { note } : {}),
      ...(item.dataset.facility ? { facilityKind: item.dataset.facility } : {}),
    });
  }
  const summary = value(f, "summary");
  const rec = await api<{ id: string; kindLabel: string }>("POST", `/api/units/${unitId()}/facility-tests`, {
    kind: f.dataset.kind,
    testedOn: value(f, "testedOn"),
    items,
    ...(summary ? { summary } : {}),
  });
  const file = (f.elements.namedItem("file") as HTMLInputElement).files?.[0];
  if (file) {
    const qs = new URLSearchParams({ title: `${value(f, "testedOn")} ${rec.kindLabel}报告` });
    await upload(`/api/units/${unitId()}/facility-tests/${rec.id}/report?${qs.toString()}`, file);
  }
  return here();
});

for (const form of document.querySelectorAll<HTMLFormElement>("form.test-report-upload")) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const out = document.getElementById("unit-edit-result");
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file) return say(out, "请选择报告文件", true);
    say(out, "正在上传…");
    const qs = new URLSearchParams({ title: value(form, "title") });
    upload(`/api/units/${unitId()}/facility-tests/${form.dataset.test ?? ""}/report?${qs.toString()}`, file)
      .then(() => location.reload())
      .catch((e: Error) => say(out, e.message, true));
  });
}

document.body.dataset.ready = "1";
