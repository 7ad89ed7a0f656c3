// 单位档案's 本页内容: at the top of a unit's file, one link for each section the page shows this person (a
// safety officer's file is some ten screens tall on a phone, the monthly check's form at the very bottom), each
// taking them to the section's heading: scrolled to the top of the screen and focused, so a screen reader reads
// on from there. The form the person records (记录月度防火检查, or the technician's yearly test) is the first
// link and stands out. On a phone the links wrap as large chips; on a desk they are one compact row
// (console.css's 本页内容 block).
import type { MouseEvent } from "react";

/** One section of the page: its heading's id and the words of its link. */
export interface TocEntry {
  id: string;
  label: string;
  /** the form the person is here to fill: first, and drawn as the page's main action */
  primary?: boolean;
}

/**
 * Takes the person to the heading `id`: at the top of the screen and focused (a heading drawn by a shared part,
 * DataTable's, is made focusable by script first, as those written here are by `tabIndex={-1}`).
 */
function jump(e: MouseEvent<HTMLAnchorElement>, id: string) {
  // a link opened elsewhere (a new tab, a window) is left to the browser
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const heading = document.getElementById(id);
  if (!heading) return;
  e.preventDefault();
  if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}

export function UnitToc(props: { entries: readonly TocEntry[] }) {
  const entries = [...props.entries.filter((x) => x.primary), ...props.entries.filter((x) => !x.primary)];
  return (
    <nav className="unit-toc noprint" aria-labelledby="unit-toc-title">
      <p className="unit-toc-title" id="unit-toc-title">
        本页内容
      </p>
      <ul>
        {entries.map((x) => (
          <li key={x.id} className={x.primary ? "unit-toc-main" : undefined}>
            <a href={`#${x.id}`} data-section={x.id} onClick={(e) => jump(e, x.id)}>
              {x.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
