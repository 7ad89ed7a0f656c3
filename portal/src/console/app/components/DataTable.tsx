// A table of rows with a caption heading, numeric columns aligned, an empty text, and paging through the
// server's list (offset and limit; the API says the total). On a phone (under 760 px, console.css) each row is
// a card: its first cell the title, every other cell on a line of its own after its column's header, which
// each cell carries as data-label. The table stays a table for screen readers: its roles are written out
// (a browser may drop a table's semantics once its parts are restyled as blocks) and its header row is only
// hidden from sight, so every cell is still read with its column's header.
import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  num?: boolean;
  cell: (row: T) => ReactNode;
  /** extra class for the cell (e.g. "bad" for a figure below its target) */
  className?: (row: T) => string | undefined;
}

export interface Paging {
  total: number;
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
}

export function DataTable<T>(props: {
  id: string;
  title: ReactNode;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** data-* attributes of a row, so a row can be found by what it shows */
  rowData?: (row: T) => Record<string, string>;
  /** a row's class (e.g. "overdue") */
  rowClass?: (row: T) => string | undefined;
  empty: string;
  paging?: Paging;
}) {
  const titleId = `${props.id}-title`;
  const p = props.paging;
  return (
    <>
      <h2 id={titleId}>{props.title}</h2>
      {/* focusable: a keyboard reaches the list, and scrolls it where it is wider than its box */}
      <table id={props.id} className="data-table" role="table" aria-labelledby={titleId} tabIndex={0}>
        <thead role="rowgroup">
          <tr role="row">
            {props.columns.map((c) => (
              <th key={c.header} role="columnheader" scope="col" className={c.num ? "num" : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {props.rows.length ? (
            props.rows.map((row) => (
              <tr key={props.rowKey(row)} role="row" className={props.rowClass?.(row)} {...props.rowData?.(row)}>
                {props.columns.map((c) => {
                  const cls = [c.num ? "num" : "", c.className?.(row) ?? ""].filter(Boolean).join(" ");
                  return (
                    <td key={c.header} role="cell" data-label={c.header} className={cls || undefined}>
                      {c.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))
          ) : (
            <tr role="row">
              <td role="cell" colSpan={props.columns.length}>
                {props.empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {p && p.total > p.limit ? (
        <nav className="pager" aria-label={`${typeof props.title === "string" ? props.title : "列表"}分页`}>
          <button type="button" disabled={p.offset === 0} onClick={() => p.onPage(Math.max(0, p.offset - p.limit))}>
            上一页
          </button>
          <span>
            第 {Math.floor(p.offset / p.limit) + 1} / {Math.ceil(p.total / p.limit)} 页，共 {p.total} 条
          </span>
          <button type="button" disabled={p.offset + p.limit >= p.total} onClick={() => p.onPage(p.offset + p.limit)}>
            下一页
          </button>
        </nav>
      ) : null}
    </>
  );
}
