// 上报隐患 on the console's hazard list: a hazard found outside a round or a check, reported by those the
// API lets report (POST /api/hazards, ROLE_SETS.hazardReporters) in a unit they see (GET /api/units): where,
// what, its kind and severity, and photos if there are any (uploaded first, as the rectification takes them).
// The unit's managers are told to give it to someone to fix.
import { useState, type FormEvent } from "react";
import type { HazardBody } from "@anxin/contract/inspection";
import { HAZARD_SEVERITY_LABEL } from "@anxin/contract/labels";
import type { UnitList } from "@anxin/contract/units";
import { api, upload } from "../../client/api.ts";
import { Field } from "../components/Field.tsx";
import { FilePick } from "../components/FilePick.tsx";
import { LoadError, Loading } from "../components/Page.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";

/** What a hazard is about (the categories the checklists and facilities use), 其他 for the rest. */
const CATEGORIES: [string, string][] = [
  ["OTHER", "其他"],
  ["EVACUATION", "疏散通道和安全出口"],
  ["FIRE_DOOR", "防火门"],
  ["HYDRANT_SYSTEM", "消火栓系统"],
  ["FIRE_PUMP", "消防水泵"],
  ["FIRE_ALARM_SYSTEM", "火灾自动报警系统"],
  ["SPRINKLER_SYSTEM", "自动喷水灭火系统"],
  ["EXTINGUISHER", "灭火器"],
  ["CONTROL_ROOM", "消防控制室"],
  ["ELECTRICAL", "电气线路和用电"],
  ["MANAGEMENT", "消防安全管理"],
];
const MAX_PHOTOS = 9;

export function HazardReport(props: { onReported: (id: string) => void; onCancel: () => void }) {
  const units = useResource<UnitList>("/api/units?limit=100");
  const [files, setFiles] = useState<File[]>([]);
  const a = useAction();
  const errors = fieldErrors(a.error);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim();
    const unitId = text("unitId");
    void a
      .run(async () => {
        if (files.length > MAX_PHOTOS) throw new Error(`照片最多 ${MAX_PHOTOS} 张`);
        const photoIds: string[] = [];
        for (const file of files)
          photoIds.push(
            (await upload<{ id: string }>(`/api/inspection/photos?unitId=${encodeURIComponent(unitId)}`, file)).id,
          );
        const body: HazardBody = {
          unitId,
          place: text("place"),
          category: text("category") || "OTHER",
          description: text("description"),
          severity: text("severity") === "MAJOR" ? "MAJOR" : "GENERAL",
          photoIds,
          ...(text("interimMeasures") ? { interimMeasures: text("interimMeasures") } : {}),
        };
        return api<{ id: string }>("POST", "/api/hazards", body);
      })
      .then((r) => r && props.onReported(r.id));
  };

  if (units.error) return <LoadError error={units.error} />;
  if (!units.data) return <Loading />;
  const list = units.data.items;
  return (
    <form id="hazard-report" className="card stack" aria-labelledby="hazard-report-title" onSubmit={submit}>
      <h2 id="hazard-report-title">上报隐患</h2>
      {list.length ? null : <p className="notice error">您的账号下没有可以上报隐患的单位。</p>}
      <Field label="单位" name="unitId" errors={errors}>
        <select required defaultValue={list.length === 1 ? list[0]!.id : ""}>
          {list.length === 1 ? null : <option value="">请选择单位</option>}
          {list.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="部位" name="place" errors={errors} hint="在哪里，例如：住院部 3 楼东侧楼梯间">
        <input required maxLength={100} />
      </Field>
      <Field label="隐患情况" name="description" errors={errors}>
        <textarea required maxLength={500} rows={3} />
      </Field>
      <Field label="类别" name="category" errors={errors}>
        <select defaultValue="OTHER">
          {CATEGORIES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="等级" name="severity" errors={errors}>
        <select defaultValue="GENERAL">
          {(["GENERAL", "MAJOR"] as const).map((v) => (
            <option key={v} value={v}>
              {HAZARD_SEVERITY_LABEL[v]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="临时防范措施（选填）" name="interimMeasures" errors={errors}>
        <input maxLength={300} />
      </Field>
      <FilePick
        id="hazard-report-photos"
        name="photos"
        label={`现场照片（选填，JPEG 或 PNG，最多 ${MAX_PHOTOS} 张）`}
        accept="image/jpeg,image/png"
        required={false}
        multiple
        onChange={setFiles}
      />
      <p>
        <button type="submit" className="btn primary" disabled={a.busy || !list.length}>
          {a.busy ? "正在上报…" : "提交上报"}
        </button>{" "}
        <button type="button" className="btn" onClick={props.onCancel}>
          取消
        </button>
      </p>
      <ActionNotice action={a} id="hazard-report-result" />
    </form>
  );
}
