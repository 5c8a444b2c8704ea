import type { ReactNode } from "react";

/** A page's title and the sentence saying what it is for; every page starts with one. */
export function PageHeader({
  title,
  children,
  actions,
}: {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">{title}</h1>
        {children && <p className="mt-1 text-sm text-slate-600">{children}</p>}
      </div>
      {actions}
    </div>
  );
}
