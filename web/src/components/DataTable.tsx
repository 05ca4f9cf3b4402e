import { type ButtonHTMLAttributes, Fragment, type HTMLAttributes, type ReactNode } from 'react';
import { ErrorNotice } from './Notice';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Class of the header and the cells alike ("num" aligns figures). */
  className?: string;
  /** Class of the cells only. */
  cellClassName?: string;
  /** Header tooltip (a definition, say). */
  title?: string;
  /** Cell tooltip (the exact time behind "3 d", say). */
  cellTitle?: (row: T) => string;
  /** The cell names its row: <th scope="row">. */
  rowHeader?: boolean;
}

/** The last column of row buttons: its header is for screen readers only. */
export function actionsColumn<T>(cell: (row: T) => ReactNode): Column<T> {
  return { header: <span className="sr-only">Actions</span>, cell, cellClassName: 'actions' };
}

/** A small button in a row, named for screen readers with the row's subject ("Edit jdoe"). */
export function RowButton({
  label,
  className,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      className={className ? `small ${className}` : 'small'}
      aria-label={label}
      {...rest}
    />
  );
}

/** A hand-built table's header row: its column names, then an unseen one naming the row buttons. */
export function ColumnHeads({ names, actions }: { names: string[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {names.map((n) => (
          <th key={n} scope="col">
            {n}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="sr-only">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

function cellClass<T>(c: Column<T>): string | undefined {
  return [c.className, c.cellClassName].filter(Boolean).join(' ') || undefined;
}

/**
 * The app's list table: column headers, a row per item, a row saying the list is empty (once
 * loaded), an optional footer of totals. `variant` adds classes to "table" (compact, cards…).
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  label,
  caption,
  variant,
  wrap = false,
  loading,
  live,
  empty,
  rowProps,
  after,
  totals,
  footer,
}: {
  columns: Column<T>[];
  /** null/undefined: nothing loaded yet (no empty row). */
  rows: readonly T[] | null | undefined;
  rowKey: (row: T) => string;
  /** The table's accessible name (aria-label). */
  label?: string;
  /** A caption for screen readers only. */
  caption?: string;
  variant?: string;
  /** Scroll sideways in a wrapper instead of widening the page. */
  wrap?: boolean;
  loading?: boolean;
  live?: 'polite';
  empty?: ReactNode;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement>;
  /** Rows that follow a row (details spanning the table). */
  after?: (row: T) => ReactNode;
  /** A totals row drawn by the same columns. */
  totals?: T | null;
  footer?: ReactNode;
}) {
  const line = (r: T) =>
    columns.map((c, i) =>
      c.rowHeader ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
        <th key={i} scope="row" className={cellClass(c)} title={c.cellTitle?.(r)}>
          {c.cell(r)}
        </th>
      ) : (
        // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
        <td key={i} className={cellClass(c)} title={c.cellTitle?.(r)}>
          {c.cell(r)}
        </td>
      ),
    );
  const table = (
    <table className={variant ? `table ${variant}` : 'table'} aria-label={label}>
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed per table
            <th key={i} scope="col" className={c.className} title={c.title}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody aria-busy={loading} aria-live={live}>
        {rows?.map((r) => (
          <Fragment key={rowKey(r)}>
            <tr {...rowProps?.(r)}>{line(r)}</tr>
            {after?.(r)}
          </Fragment>
        ))}
        {empty !== undefined && rows && rows.length === 0 && !loading && (
          <tr>
            <td colSpan={columns.length} className="empty">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
      {(footer || totals) && (
        <tfoot>
          {totals && <tr>{line(totals)}</tr>}
          {footer}
        </tfoot>
      )}
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}

/** The patient of a row: name in bold, MRN beside it. */
export function patientColumn<T extends { patient: { name: string; mrn: string } }>(): Column<T> {
  return {
    header: 'Patient',
    cell: ({ patient }) => (
      <>
        <strong>{patient.name}</strong> <span className="muted small">MRN {patient.mrn}</span>
      </>
    ),
  };
}

/** "Load more" under a list read a page at a time (usePagedList), while there is more. */
export function LoadMore({
  list,
  label = 'Load more',
}: {
  list: { cursor: string | null; loading: boolean; loadMore: () => Promise<void> };
  label?: string;
}) {
  if (!list.cursor) return null;
  return (
    <div className="list-footer">
      <button type="button" disabled={list.loading} onClick={() => void list.loadMore()}>
        {label}
      </button>
    </div>
  );
}

/** A DataTable of a loaded list (useAsync): its rows once loaded, above it why it failed (or `error`). */
export function LoadedTable<T>({
  list,
  error,
  ...table
}: Omit<Parameters<typeof DataTable<T>>[0], 'rows' | 'loading'> & {
  list: { data: readonly T[] | null | undefined; loading: boolean; error: unknown };
  /** A failure to show instead of the list's (the last action's, say). */
  error?: unknown;
}) {
  return (
    <>
      <ErrorNotice error={error ?? list.error} />
      <DataTable rows={list.data ?? []} loading={list.loading} {...table} />
    </>
  );
}
