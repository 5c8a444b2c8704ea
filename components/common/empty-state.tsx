import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";

/** Nothing to show yet, saying why, and the one action that changes it. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: { href: string; label: string };
}) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-surface p-8 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-slate-600">{children}</p>
      {action && (
        <Link
          href={action.href}
          className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
        >
          {action.label}
        </Link>
      )}
    </div>
  );
}

/** The one "no project connected" state of the dashboard. */
export function NoProjectConnected({ children }: { children?: ReactNode }) {
  const t = useTranslations("common.noProject");
  return (
    <EmptyState title={t("title")} action={{ href: "/projects/connect", label: t("action") }}>
      {children ?? t("text")}
    </EmptyState>
  );
}
