// Pieces the county view's sections share: a figure card, a table's pager and a sortable column head.
import type { ReactNode } from "react";
import { Link } from "../../lib/router.tsx";

/** `tone` "bad": something to act on (a red edge and figure; the label says what, in words). */
export function Card(props: { id: string; n: string | number; label: string; tone?: "bad" | undefined }) {
  return (
    <div className={props.tone ? `card ${props.tone}` : "card"} id={props.id}>
      <div className="n">{props.n}</div>
      <div className="l">{props.label}</div>
    </div>
  );
}

/** 共 n 条 with the previous and next page as links (the address keeps the page). */
export function Pager(props: {
  label: string;
  total: number;
  unit: string;
  offset: number;
  limit: number;
  href: (offset: number) => string;
}) {
  const { total, offset, limit } = props;
  return (
    <nav className="pager" aria-label={props.label}>
      共 {total} {props.unit}
      {total > limit ? ` · 第 ${Math.floor(offset / limit) + 1} / ${Math.ceil(total / limit)} 页` : ""}{" "}
      {offset > 0 ? <Link href={props.href(Math.max(0, offset - limit))}>上一页</Link> : null}{" "}
      {offset + limit < total ? <Link href={props.href(offset + limit)}>下一页</Link> : null}
    </nav>
  );
}

/**
 * A column head that sorts its table by the column (again: the other way), with aria-sort and an arrow; a
 * CardTable's head (its role written out), which a phone shows as a row of sort links above the cards.
 */
export function SortHead(props: {
  on: boolean;
  order: "asc" | "desc";
  href: string;
  num?: boolean;
  children: ReactNode;
}) {
  const { on, order } = props;
  return (
    <th
      role="columnheader"
      scope="col"
      className={props.num === false ? undefined : "num"}
      aria-sort={on ? (order === "desc" ? "descending" : "ascending") : undefined}
    >
      <Link href={props.href}>
        {props.children}
        {on ? (order === "desc" ? " ▼" : " ▲") : ""}
      </Link>
    </th>
  );
}
