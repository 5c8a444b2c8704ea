"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { SkeletonRows } from "@/components/ui/skeleton";

const frames = {
  /** A bordered card that scrolls sideways on narrow screens. */
  card: "overflow-x-auto rounded-lg border border-slate-200 bg-surface px-4",
  /** Inside a card already. */
  plain: "overflow-x-auto",
  /** A bounded box that scrolls down under a header that stays in view. */
  scroll: "max-h-96 overflow-y-auto rounded-lg border border-slate-200 bg-surface px-4",
} as const;

/**
 * While loading, placeholder rows; once loaded and `empty` holds a sentence, that sentence
 * instead of rows. `columnCount` is needed only when the columns are not plain headings.
 */
type RowsState =
  | { loading?: never; empty?: never; columnCount?: never; skeletonRows?: never }
  | { loading: boolean; empty: ReactNode; columnCount?: number; skeletonRows?: number };

/**
 * The one table shell of the dashboard. The caption is read by screen readers (and names
 * the table for tests); the rows go in as children.
 */
export function DataTable({
  caption,
  columns,
  children,
  frame = "card",
  error,
  loading,
  empty,
  columnCount,
  skeletonRows = 3,
}: {
  caption: string;
  /** Plain headings ("" for a column of buttons), or the `Column`s themselves. */
  columns: readonly string[] | ReactNode;
  children: ReactNode;
  frame?: keyof typeof frames;
  /** What went wrong reading or changing the rows, said above the table. */
  error?: { message: string } | null;
} & RowsState) {
  const headings = isHeadings(columns) ? columns : null;
  const span = columnCount ?? headings?.length ?? 1;
  const { ref, scrolls } = useScrolls();
  return (
    <>
      {error && <Alert tone="error">{error.message}</Alert>}
      <div
        ref={ref}
        className={frames[frame]}
        // A frame that scrolls is a stop of the Tab key, named by its table, so that a
        // keyboard can scroll it too (a longer language may make a table scroll sideways).
        {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": caption } : {})}
      >
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead
            className={`border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500 ${frame === "scroll" ? "sticky top-0 bg-surface" : ""}`}
          >
            <tr>
              {headings
                ? headings.map((h) => (h ? <Column key={h}>{h}</Column> : <ActionsColumn key="" />))
                : columns}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {loading ? (
              <SkeletonRows rows={skeletonRows} columns={span} />
            ) : empty ? (
              <tr>
                <td colSpan={span} className="py-10 text-center text-slate-600">
                  {empty}
                </td>
              </tr>
            ) : (
              children
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

const isHeadings = (columns: unknown): columns is readonly string[] =>
  Array.isArray(columns) && columns.every((c) => typeof c === "string");

/** A column heading of a DataTable. */
export function Column({
  children,
  className = "py-2 pr-4",
}: {
  children: ReactNode;
  className?: string;
}) {
  return (
    <th scope="col" className={className}>
      {children}
    </th>
  );
}

/** The heading of a column of buttons: named for screen readers only. */
export function ActionsColumn() {
  const t = useTranslations("common");
  return (
    <Column>
      <span className="sr-only">{t("actions")}</span>
    </Column>
  );
}

/** Whether the element scrolls (its content is wider or taller than it), kept up to date as either resizes. */
function useScrolls() {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const check = () =>
      setScrolls(
        frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1,
      );
    check();
    const observer = new ResizeObserver(check);
    observer.observe(frame);
    if (frame.firstElementChild) observer.observe(frame.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return { ref, scrolls };
}
