// One centre: its details, weekly templates, closures and the sessions ahead, each with its form.
import { useState } from "react";
import type { CentreDetail, SessionList, TemplateList } from "@anxin/contract/bookings";
import { DataTable } from "../../components/DataTable.tsx";
import { LoadError, Loading } from "../../components/Page.tsx";
import { useResource } from "../../lib/hooks.ts";
import { addDays, WEEKDAY } from "../county-dates.ts";
import { ClosureForm } from "./ClosureForm.tsx";
import { DetailsForm } from "./DetailsForm.tsx";
import { GenerateForm } from "./GenerateForm.tsx";
import { Sessions } from "./Sessions.tsx";
import { TemplateForm } from "./TemplateForm.tsx";
import { ages, centreUrl, LEVEL, TOPIC_LABEL } from "./words.ts";

/** How many days of sessions the screen lists (and the generate form offers by default). */
const CENTRE_DAYS = 28;

export function Centre(props: { id: string; today: string }) {
  const { id, today } = props;
  const until = addDays(today, CENTRE_DAYS - 1);
  const detail = useResource<CentreDetail>(centreUrl(id));
  const templates = useResource<TemplateList>(centreUrl(id, "/templates"));
  const sessions = useResource<SessionList>(
    `/api/sessions?centreId=${encodeURIComponent(id)}&from=${today}&to=${until}`,
  );
  const [done, setDone] = useState<string | null>(null);
  const loading = detail.loading || templates.loading || sessions.loading;
  // the templates say whether the caller runs this centre (the centre itself is public)
  const error = templates.error ?? detail.error ?? sessions.error;
  if (error) return <LoadError error={error} />;
  if (!detail.data || !templates.data || !sessions.data) return <Loading />;
  const c = detail.data;
  const saved = (message: string) => {
    setDone(message);
    detail.reload();
    templates.reload();
    sessions.reload();
  };
  const started = () => setDone(null);
  return (
    <>
      <p id="centre-name" className="lead">
        {c.name} · {LEVEL[c.level] ?? c.level}
        {c.townshipName ? ` · ${c.townshipName}` : ""}
      </p>
      <p className="noprint">
        <a className="btn" href="#details-title">
          场馆信息
        </a>{" "}
        <a className="btn" href="#templates-title">
          每周场次模板
        </a>{" "}
        <a className="btn" href="#closures-title">
          闭馆
        </a>{" "}
        <a className="btn" href="#sessions-title">
          近期场次
        </a>
      </p>
      {/* what the last change did, once the lists below show it */}
      <p id="centre-result" className="ok" role="status" aria-live="polite">
        {done && !loading ? done : null}
      </p>

      <section aria-labelledby="details-title">
        <h2 id="details-title">场馆信息</h2>
        <DetailsForm centre={c} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="templates-title">
        <DataTable
          id="templates"
          title="每周场次模板"
          rows={templates.data.items}
          rowKey={(t) => t.id}
          rowData={(t) => ({ "data-template": t.id })}
          empty="尚无模板，请在下面添加"
          columns={[
            { header: "主题", cell: (t) => TOPIC_LABEL[t.topic] ?? t.topic },
            { header: "名称", cell: (t) => t.title },
            { header: "星期", cell: (t) => t.weekdays.map((w) => WEEKDAY[w]).join("、") },
            { header: "时间", cell: (t) => `${t.startTime}–${t.endTime}` },
            { header: "容量", num: true, cell: (t) => t.capacity },
            { header: "年龄", cell: (t) => ages(t.minAge, t.maxAge) },
            { header: "状态", cell: (t) => (t.active ? "启用" : "停用") },
          ]}
        />
        <h3>添加模板</h3>
        <p>模板按星期重复；“按模板生成场次”会为所选日期里对应的星期几各建一场（已建的日期保留，闭馆日跳过）。</p>
        <TemplateForm centre={c} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="closures-title">
        <DataTable
          id="closures"
          title="闭馆"
          rows={c.upcomingClosures}
          rowKey={(x) => x.id}
          rowData={(x) => ({ "data-closure": x.id })}
          empty="近期没有闭馆安排"
          columns={[
            { header: "开始日期", cell: (x) => x.startDate },
            { header: "结束日期", cell: (x) => x.endDate },
            { header: "原因", cell: (x) => x.reason },
          ]}
        />
        <h3>添加闭馆</h3>
        <p>闭馆期间已开放的场次会被取消，已预约的人会收到通知。</p>
        <ClosureForm centre={c} today={today} onStart={started} onSaved={saved} />
      </section>

      <section aria-labelledby="sessions-title">
        <Sessions
          sessions={sessions.data.items}
          title={`近期场次（${today} 至 ${until}）`}
          onStart={started}
          onSaved={saved}
        />
        <h3>按模板生成场次</h3>
        <GenerateForm centre={c} today={today} until={until} onStart={started} onSaved={saved} />
      </section>
    </>
  );
}
