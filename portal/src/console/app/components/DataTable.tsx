// A table of rows with a caption heading, numeric columns aligned, an empty text, and paging through the
// server's list (offset and limit; the API says the total). On a phone (under 760 px, console.css) each row is
// a card: its first cell the title, every other cell on a line of its own after its column's header, which
// each cell carries as data-label. The table stays a table for screen readers: its roles are written out
// (a browser may drop a table's semantics once its parts are restyled as blocks) and its header row is only
// hidden from sight, so every cell is still read with its column's header. A screen that writes its own rows
// (a form's rows, a row with state of its own, sortable heads) lays them out the same with CardTable and its parts.
import type { HTMLAttributes, ReactNode, TableHTMLAttributes } from "react";

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
      <CardTable
        // focusable: a keyboard reaches the list, and scrolls it where it is wider than its box
        tabIndex={0}
        id={props.id}
        aria-labelledby={titleId}
        head={props.columns.map((c) => (
          <HeadCell key={c.header} num={c.num}>
            {c.header}
          </HeadCell>
        ))}
      >
        {props.rows.length ? (
          props.rows.map((row) => (
            <Row key={props.rowKey(row)} className={props.rowClass?.(row)} {...props.rowData?.(row)}>
              {props.columns.map((c) => (
                <Cell key={c.header} label={c.header} num={c.num} className={c.className?.(row)}>
                  {c.cell(row)}
                </Cell>
              ))}
            </Row>
          ))
        ) : (
          <EmptyRow span={props.columns.length}>{props.empty}</EmptyRow>
        )}
      </CardTable>
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

/**
 * A table whose rows a screen writes itself, laid out as DataTable's: one card a row on a phone (console.css).
 * `head` is its column heads (HeadCell, or a th with role="columnheader"), the children its rows (Row, each
 * cell a Cell labelled with its column's header; EmptyRow when there are none). Not a tab stop unless given
 * `tabIndex` (DataTable gives it: its list may scroll in its box on a desk; a screen's own table of a few rows
 * is read, not scrolled).
 */
export function CardTable(
  props: Omit<TableHTMLAttributes<HTMLTableElement>, "role" | "className"> & {
    head: ReactNode;
    /** a caption, e.g. <caption className="sr-only">: the table's name where no heading names it */
    caption?: ReactNode;
    children: ReactNode;
  },
) {
  const { head, caption, children, ...rest } = props;
  return (
    <table {...rest} className="data-table" role="table">
      {caption}
      <thead role="rowgroup">
        <tr role="row">{head}</tr>
      </thead>
      <tbody role="rowgroup">{children}</tbody>
    </table>
  );
}

/** A column's head in a CardTable. */
export function HeadCell(props: { num?: boolean | undefined; children: ReactNode }) {
  return (
    <th role="columnheader" scope="col" className={props.num ? "num" : undefined}>
      {props.children}
    </th>
  );
}

/** A CardTable's column heads from their headers; those in `num` head figures (aligned right). */
export const headCells = (headers: readonly string[], num: readonly string[] = []) =>
  headers.map((h) => (
    <HeadCell key={h} num={num.includes(h)}>
      {h}
    </HeadCell>
  ));

/** A row of a CardTable (a card on a phone); its attributes (data-*, className) as a tr's. */
export function Row(props: HTMLAttributes<HTMLTableRowElement>) {
  return <tr {...props} role="row" />;
}

/**
 * A cell of a CardTable: `label` is its column's header, which a phone shows before it ("类别：医院"), or "—"
 * after it when the cell is empty; the first cell of a row is its card's title.
 */
export function Cell(props: {
  label: string;
  /** data-col, a name for tests to find the cell by */
  col?: string;
  num?: boolean | undefined;
  className?: string | undefined;
  children?: ReactNode;
}) {
  const cls = [props.num ? "num" : "", props.className ?? ""].filter(Boolean).join(" ");
  return (
    <td role="cell" data-label={props.label} data-col={props.col} className={cls || undefined}>
      {props.children}
    </td>
  );
}

/** A CardTable's one row when it has none: the words across the columns, without a label. */
export function EmptyRow(props: { span: number; children: ReactNode }) {
  return (
    <tr role="row">
      <td role="cell" colSpan={props.span}>
        {props.children}
      </td>
    </tr>
  );
}
