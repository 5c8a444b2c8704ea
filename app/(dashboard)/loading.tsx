/** While the server opens the connected projects: the page's frame, so nothing jumps when it arrives. */
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="space-y-4">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200 motion-reduce:animate-none" />
      <div className="h-64 animate-pulse rounded-lg border border-slate-200 bg-surface motion-reduce:animate-none" />
    </div>
  );
}
