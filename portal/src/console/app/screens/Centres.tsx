// 体验馆 (issue 14 item 3): the experience centres a staff member runs. A centre's details (edit form), its
// weekly session templates (list + add), closures (add a date range with a reason) and the sessions ahead
// (generate from the templates, cancel one with a reason in a dialog). The centres listed come from
// GET /api/centre-staff/centres (all for an admin, their own for centre staff); the rest from the bookings
// API, which checks the caller runs the centre: another centre's id is its 404, said here in words.
// Each part is its own file under centres/.
import type { ManagedCentres } from "@anxin/contract/bookings";
import { Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { navigate, useLocation } from "../lib/router.tsx";
import { Centre } from "./centres/Centre.tsx";
import { text } from "./centres/form-kit.tsx";
import { LEVEL } from "./centres/words.ts";

export default function Centres() {
  const asked = useLocation().searchParams.get("centre")?.slice(0, 64) || null;
  const m = useResource<ManagedCentres>("/api/centre-staff/centres");
  if (m.error || !m.data) return <Pending title={"体验馆管理"} error={m.error} />;
  const { items, today, notice } = m.data;
  const pick = asked ?? items[0]?.id ?? null;
  return (
    <Page title="体验馆管理">
      {items.length > 1 ? (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const id = text(new FormData(e.currentTarget), "centre");
            navigate(`/console/centres?centre=${encodeURIComponent(id)}`);
          }}
        >
          <label>
            体验馆{" "}
            <select name="centre" defaultValue={pick ?? undefined} key={pick}>
              {items.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}（{LEVEL[x.level] ?? x.level}）
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn">
            查看
          </button>
        </form>
      ) : null}
      {pick ? (
        <Centre key={pick} id={pick} today={today} />
      ) : (
        <p className="notice">{notice ?? "暂无可管理的体验馆。"}</p>
      )}
    </Page>
  );
}
