// 验收 (issue 19 part A): the acceptances of the units and buildings in the caller's scope, and for an
// installer the submission: what is being installed and has no submission waiting for the others, the
// devices installed by kind, and photos (uploaded first, then the acceptance; the system checks at once).
// GET /api/rollout/acceptances, /api/rollout/overview (the installer's units and buildings), POST
// /api/rollout/photos and /api/rollout/acceptances; the scope is the API's.
import { useState, type FormEvent } from "react";
import type {
  AcceptanceList,
  AcceptanceView,
  MAX_ACCEPTANCE_PHOTOS,
  RolloutOverview,
  SubmitAcceptanceBody,
} from "@anxin/contract/rollout";
import { PLAN_KIND_LABEL } from "@anxin/contract/labels";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api, upload } from "../../client/api.ts";
import { Field } from "../components/Field.tsx";
import { FilePick } from "../components/FilePick.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { Page, Pending } from "../components/Page.tsx";
import { fieldErrors, useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { pathErrors, when } from "./rollout-words.ts";

const TITLE = "验收";
const ROWS = [0, 1, 2];
/** the contract's MAX_ACCEPTANCE_PHOTOS (a value of a zod file, which the app may not import; checked here) */
const MAX_PHOTOS: typeof MAX_ACCEPTANCE_PHOTOS = 9;

interface Target {
  value: string; // "UNIT:<id>" or "BUILDING:<id>"
  label: string;
}

/** What an installer may submit: installing or installed, with no submission waiting for the others. */
function targetsOf(o: RolloutOverview, list: AcceptanceList["items"]): Target[] {
  const waiting = new Set(
    list.filter((a) => a.status === "SUBMITTED" || a.status === "UNIT_CONFIRMED").map((a) => a.subjectId),
  );
  const ready = (s: string) => s === "INSTALLING" || s === "INSTALLED";
  return [
    ...o.unitList
      .filter((u) => ready(u.stage) && !waiting.has(u.id))
      .map((u) => ({ value: `UNIT:${u.id}`, label: `${u.name}（联网单位）` })),
    ...o.buildingList
      .filter((b) => ready(b.stage) && !waiting.has(b.id))
      .map((b) => ({ value: `BUILDING:${b.id}`, label: `${b.community} ${b.name}（老旧高层）` })),
  ];
}

export default function Acceptances() {
  const session = useSession();
  const submits = inRoleSet(ROLE_SETS.installer, session.role);
  const list = useResource<AcceptanceList>("/api/rollout/acceptances");
  const overview = useResource<RolloutOverview>(submits ? "/api/rollout/overview" : null);
  const ready = Boolean(list.data && (!submits || overview.data));
  useReady(ready);
  const error = list.error ?? overview.error;
  if (!ready || !list.data) return <Pending title={TITLE} error={error} />;
  const items = list.data.items;
  return (
    <Page title={TITLE}>
      {submits && overview.data ? <SubmitForm targets={targetsOf(overview.data, items)} /> : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title">验收记录（{items.length}）</h2>
        {items.length ? (
          <table id="acceptance-table">
            <thead>
              <tr>
                <th scope="col">对象</th>
                <th scope="col">类型</th>
                <th scope="col">状态</th>
                <th scope="col" className="num">
                  提交次数
                </th>
                <th scope="col">提交人</th>
                <th scope="col">最近更新</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-status={a.status}>
                  <td>
                    <Link href={`/console/acceptance/${encodeURIComponent(a.id)}`}>{a.subjectName}</Link>
                  </td>
                  <td>{a.subjectLabel}</td>
                  <td>
                    {a.statusLabel}
                    {a.problems ? `（${a.problems} 项未通过）` : ""}
                  </td>
                  <td className="num">{a.attempt}</td>
                  <td>{a.submitted.name}</td>
                  <td>{when(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>暂无验收记录。</p>
        )}
      </section>
    </Page>
  );
}

function SubmitForm(props: { targets: Target[] }) {
  const a = useAction();
  // the rows sent, in order: a refusal names them by their place in the list ("installed.0.count")
  const [sentRows, setSentRows] = useState<number[]>([]);
  const [photos, setPhotos] = useState<File[]>([]);
  const errors = fieldErrors(a.error);
  const rowErrors: Record<string, string> = {};
  for (const [path, message] of Object.entries(pathErrors(a.error))) {
    const m = /^installed\.(\d+)\.(\w+)/.exec(path);
    const row = m ? sentRows[Number(m[1])] : undefined;
    if (m && row !== undefined) rowErrors[`${m[2]}${row}`] = message;
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const [subject = "", subjectId = ""] = String(f.get("target") ?? "").split(":");
    const rows = ROWS.map((i) => ({
      row: i,
      kind: String(f.get(`kind${i}`) ?? ""),
      count: Number(f.get(`count${i}`) ?? 0),
      note: String(f.get(`note${i}`) ?? "").trim(),
    })).filter((i) => i.kind && i.count > 0);
    if (!rows.length) {
      void a.run(() => Promise.reject(new Error("请至少填写一种安装的设备和数量")));
      return;
    }
    if (photos.length > MAX_PHOTOS) {
      void a.run(() => Promise.reject(new Error(`安装照片最多 ${MAX_PHOTOS} 张`)));
      return;
    }
    setSentRows(rows.map((r) => r.row));
    const installed = rows.map((i) => ({
      kind: i.kind as SubmitAcceptanceBody["installed"][number]["kind"],
      count: i.count,
      ...(i.note ? { note: i.note } : {}),
    }));
    void a
      .run(async () => {
        const ids: string[] = [];
        const q = `subject=${encodeURIComponent(subject)}&subjectId=${encodeURIComponent(subjectId)}`;
        for (const file of photos) ids.push((await upload<{ id: string }>(`/api/rollout/photos?${q}`, file)).id);
        const body: SubmitAcceptanceBody = {
          subject: subject as SubmitAcceptanceBody["subject"],
          subjectId,
          installed,
          photos: ids,
        };
        return api<AcceptanceView>("POST", "/api/rollout/acceptances", body);
      })
      .then((r) => r && navigate(`/console/acceptance/${encodeURIComponent(r.id)}`));
  };
  return (
    <section aria-labelledby="submit-title" className="noprint">
      <h2 id="submit-title">提交验收</h2>
      {props.targets.length ? (
        <>
          <p>安装完成后提交。提交后系统会立即检测：每台设备都在线，并且自安装开始以来监控中心收到过它的测试报警。</p>
          <form id="acceptance-submit" className="form-grid" onSubmit={submit}>
            <Field label="验收对象" name="subjectId" errors={errors}>
              <select name="target" required>
                {props.targets.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </Field>
            {ROWS.map((i) => (
              <fieldset className="installed-row" key={i}>
                <legend>安装的设备 {i + 1}</legend>
                <Field label="设备种类" name={`kind${i}`} errors={rowErrors}>
                  <select defaultValue={i === 0 ? "SMOKE_ALARM" : ""}>
                    <option value="">（不填）</option>
                    {Object.entries(PLAN_KIND_LABEL).map(([k, v]) => (
                      <option key={k} value={k}>
                        {v}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="数量" name={`count${i}`} errors={rowErrors}>
                  <input type="number" min={1} max={100000} />
                </Field>
                <Field label="说明" name={`note${i}`} errors={rowErrors}>
                  <input maxLength={200} />
                </Field>
              </fieldset>
            ))}
            <div className={errors.photos ? "field invalid" : "field"}>
              <FilePick
                id="acceptance-photo-files"
                name="photos"
                label={`安装照片（最多 ${MAX_PHOTOS} 张）`}
                accept="image/jpeg,image/png,image/webp"
                required={false}
                multiple
                onChange={setPhotos}
              />
              {errors.photos ? (
                <small className="field-error" role="alert">
                  {errors.photos}
                </small>
              ) : null}
            </div>
            <button type="submit" className="btn primary" disabled={a.busy}>
              {a.busy ? "正在提交…" : "提交验收"}
            </button>
            <div className="form-result">
              <ActionNotice action={a} id="submit-result" />
            </div>
          </form>
        </>
      ) : (
        <p>目前没有正在安装、等待提交验收的单位或楼栋。</p>
      )}
    </section>
  );
}
