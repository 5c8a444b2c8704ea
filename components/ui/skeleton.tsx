/** Placeholder rows of a table while it loads, the same height as real rows (no jump). */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} aria-hidden className="h-12">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c} className="pr-4">
              <span className="block h-3 w-3/4 animate-pulse rounded bg-slate-200" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}
