// One session's list: who booked (families and groups, with a contact to call), who is waiting for a seat, and
// who came. The centre's staff read it before a session and print it for the door; check-in itself is the
// mini-program's (scanning the ticket).
import { useEffect, useRef } from "react";
import type { AttendanceView, SessionView } from "@anxin/contract/bookings";
import { countyMinute } from "@anxin/contract/county-time";
import { BOOKING_STATUS_LABEL } from "@anxin/contract/labels";
import { DataTable } from "../../components/DataTable.tsx";
import { LoadError, Loading } from "../../components/Page.tsx";
import { useResource } from "../../lib/hooks.ts";
import { sessionLabel } from "./words.ts";

type Booking = AttendanceView["bookings"][number];

export function Attendance(props: { session: SessionView; onClose: () => void }) {
  const { session } = props;
  const r = useResource<AttendanceView>(`/api/sessions/${encodeURIComponent(session.id)}/attendance`);
  const title = `场次名单：${sessionLabel(session)}`;
  // the list opens below a month of sessions: bring it into view once it is there
  const here = useRef<HTMLElement>(null);
  const loaded = r.data !== null;
  useEffect(() => {
    if (loaded) here.current?.scrollIntoView({ block: "start" });
  }, [loaded]);
  if (r.error || !r.data)
    return (
      <section id="attendance" aria-label={title}>
        {r.error ? <LoadError error={r.error} /> : <Loading />}
      </section>
    );
  const t = r.data.totals;
  return (
    <section id="attendance" aria-labelledby="attendance-list-title" ref={here}>
      <DataTable<Booking>
        id="attendance-list"
        title={title}
        rows={r.data.bookings}
        rowKey={(b) => b.id}
        rowData={(b) => ({ "data-status": b.status })}
        empty="这一场还没有人预约"
        columns={[
          { header: "类型", cell: (b) => (b.kind === "GROUP" ? `团体：${b.groupName ?? ""}` : "家庭") },
          { header: "联系人", cell: (b) => b.contactName },
          { header: "电话", cell: (b) => <a href={`tel:${b.contactPhone}`}>{b.contactPhone}</a> },
          { header: "人数", num: true, cell: (b) => b.seats },
          { header: "状态", cell: (b) => BOOKING_STATUS_LABEL[b.status] },
          {
            header: "签到",
            cell: (b) =>
              b.checkedInAt
                ? `${countyMinute(b.checkedInAt)}${b.attendedCount !== null ? `，到 ${b.attendedCount} 人` : ""}`
                : "—",
          },
        ]}
      />
      <p id="attendance-totals">
        已确认 {t.confirmed} 单 · 已签到 {t.checkedIn} 单（{t.peopleCheckedIn} 人）· 未到场 {t.noShow} 单 · 候补{" "}
        {t.waitlisted} 单
      </p>
      <p>
        <button type="button" className="btn" id="attendance-close" onClick={props.onClose}>
          收起名单
        </button>
      </p>
    </section>
  );
}
