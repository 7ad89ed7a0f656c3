// 单位档案's editors (issue 14): each form adds an item to one of the unit's lists (buildings, key parts,
// facilities) or uploads a document; a list is sent whole, so each form reads the file as it is now first.
import { useState, type FormEvent } from "react";
import type { UnitFile } from "@anxin/contract/units";
import { FACILITY_LABEL, UNIT_DOCUMENT_KIND_LABEL } from "@anxin/contract/labels";
import { api, ApiError, upload } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { FilePick } from "../../components/FilePick.tsx";
import { ActionNotice } from "../../components/Notice.tsx";
import { type Action } from "../../lib/hooks.ts";

export const FILE_TYPES = ".pdf,.docx,.jpg,.jpeg,.png";
const UPLOAD_KINDS = ["EMERGENCY_PLAN", "DRILL", "TEST_REPORT"] as const;

/**
 * The refused fields of one item of a list sent whole ("buildings.3.floorsAbove" -> floorsAbove), so the
 * form that added the item can mark them; other refusals are said in the form's notice.
 */
function itemErrors(error: unknown, list: string, index: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const d of error.details) {
    const [l, i, field] = d.path.split(".");
    if (l === list && Number(i) === index && field) out[field] ??= d.message;
  }
  return out;
}

export interface FormProps {
  /** runs a form's change and reads the file again; true when it was saved */
  save: (form: string, work: () => Promise<unknown>, done: string) => Promise<boolean>;
  action: Action;
  unitPath: string;
  /** the form whose change ran last */
  last: string;
}

/** What became of a form's change (saving, saved, or the refusal in words), under the form that sent it. */
export function FormResult(props: FormProps & { form: string }) {
  if (props.last !== props.form) return null;
  return (
    <div className="form-result" id="unit-edit-result">
      {props.action.busy ? (
        <p className="muted" role="status">
          正在保存…
        </p>
      ) : (
        <ActionNotice action={props.action} />
      )}
    </div>
  );
}

/** The file as it is now: a list sent in a change replaces the unit's list, so each form sends it whole. */
const current = (unitPath: string) => api<UnitFile>("GET", unitPath);

const numberOf = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s === "" ? null : Number(s);
};
export const textOf = (v: FormDataEntryValue | null) => String(v ?? "").trim();

/** A form that adds to the file; the fields it marks are those of the item it added. */
function useAddForm(props: FormProps, form: string, list: string) {
  const [index, setIndex] = useState(-1);
  const errors =
    props.last === form && index >= 0 && props.action.error ? itemErrors(props.action.error, list, index) : {};
  const submit =
    (build: (data: FormData, file: UnitFile) => { index: number; body: Record<string, unknown> }, done: string) =>
    (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      const data = new FormData(form);
      void props
        .save(
          form.id,
          async () => {
            const change = build(data, await current(props.unitPath));
            setIndex(change.index);
            await api("PATCH", props.unitPath, change.body);
          },
          done,
        )
        .then((ok) => ok && form.reset());
    };
  return { errors, submit };
}

export function BuildingForm(props: FormProps) {
  const { errors, submit } = useAddForm(props, "building-add", "buildings");
  const onSubmit = submit((data, file) => {
    const buildings: Record<string, unknown>[] = file.buildings.map((b) => ({
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
      name: textOf(data.get("name")),
      floorsAbove: numberOf(data.get("floorsAbove")),
      floorsBelow: 0,
      heightM: numberOf(data.get("heightM")),
      areaM2: null,
      use: textOf(data.get("use")) || null,
      highRise: null,
      yearBuilt: null,
    });
    return { index: buildings.length - 1, body: { buildings } };
  }, "建筑已添加");
  return (
    <form id="building-add" className="form-grid noprint" aria-label="添加建筑" onSubmit={onSubmit}>
      <Field label="建筑名称 *" name="name" errors={errors}>
        <input id="building-name" required maxLength={40} />
      </Field>
      <Field label="地上层数 *" name="floorsAbove" errors={errors}>
        <input id="building-floors" type="number" min={1} max={200} required />
      </Field>
      <Field label="建筑高度（米）" name="heightM" errors={errors}>
        <input id="building-height" type="number" min={0} max={700} step={0.1} />
      </Field>
      <Field label="使用性质" name="use" errors={errors}>
        <input id="building-use" maxLength={30} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加建筑
      </button>
      <FormResult {...props} form="building-add" />
    </form>
  );
}

export function KeyPartForm(props: FormProps & { buildings: string[] }) {
  const { errors, submit } = useAddForm(props, "key-part-add", "keyParts");
  const onSubmit = submit((data, file) => {
    const keyParts: Record<string, unknown>[] = file.keyParts.map((k) => ({
      name: k.name,
      building: k.building,
      floor: k.floor,
      description: k.description,
    }));
    keyParts.push({
      name: textOf(data.get("name")),
      building: textOf(data.get("building")) || null,
      floor: numberOf(data.get("floor")),
      description: null,
    });
    return { index: keyParts.length - 1, body: { keyParts } };
  }, "重点部位已添加");
  return (
    <form id="key-part-add" className="form-grid noprint" aria-label="添加重点部位" onSubmit={onSubmit}>
      <Field label="部位名称 *" name="name" errors={errors}>
        <input id="key-part-name" required maxLength={40} />
      </Field>
      <Field label="所在建筑" name="building" errors={errors}>
        <select id="key-part-building" defaultValue="">
          <option value="">（不指定）</option>
          {props.buildings.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </Field>
      <Field label="楼层" name="floor" errors={errors}>
        <input id="key-part-floor" type="number" min={-20} max={200} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加重点部位
      </button>
      <FormResult {...props} form="key-part-add" />
    </form>
  );
}

export function FacilityForm(props: FormProps) {
  const { errors, submit } = useAddForm(props, "facility-add", "facilities");
  const onSubmit = submit((data, file) => {
    const kind = textOf(data.get("kind"));
    const facilities: Record<string, unknown>[] = file.facilities
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
      count: numberOf(data.get("count")) ?? 1,
      description: null,
      maintenanceCompanyId: null,
      installedOn: null,
    });
    return { index: facilities.length - 1, body: { facilities } };
  }, "消防设施已保存");
  return (
    <form id="facility-add" className="form-grid noprint" aria-label="添加或更新消防设施" onSubmit={onSubmit}>
      <Field label="设施" name="kind" errors={errors}>
        <select id="facility-kind">
          {Object.entries(FACILITY_LABEL).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </Field>
      <Field label="数量" name="count" errors={errors}>
        <input id="facility-count" type="number" min={1} max={100000} defaultValue={1} />
      </Field>
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        添加或更新设施
      </button>
      <FormResult {...props} form="facility-add" />
    </form>
  );
}

export function DocumentForm(props: FormProps) {
  const [file, setFile] = useState<File | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    void props
      .save(
        "document-upload",
        async () => {
          if (!file) throw new Error("请选择文件");
          const qs = new URLSearchParams({ kind: textOf(data.get("kind")), title: textOf(data.get("title")) });
          await upload(`${props.unitPath}/documents?${qs.toString()}`, file);
        },
        "资料已上传",
      )
      .then((ok) => {
        if (!ok) return;
        form.reset();
        setFile(null);
      });
  };
  return (
    <form id="document-upload" className="form-grid noprint" aria-label="上传资料" onSubmit={submit}>
      <Field label="资料类别" name="kind" errors={{}}>
        <select id="document-kind">
          {UPLOAD_KINDS.map((k) => (
            <option key={k} value={k}>
              {UNIT_DOCUMENT_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="资料名称 *" name="title" errors={{}}>
        <input id="document-title" required maxLength={60} />
      </Field>
      <FilePick
        id="document-file"
        name="file"
        label="文件（PDF、Word、JPEG、PNG，20 MB 以内）"
        accept={FILE_TYPES}
        onChange={(files) => setFile(files[0] ?? null)}
      />
      <button type="submit" className="btn primary" disabled={props.action.busy}>
        上传
      </button>
      <FormResult {...props} form="document-upload" />
    </form>
  );
}
