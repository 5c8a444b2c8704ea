import { useTranslations } from "next-intl";
import type { ButtonHTMLAttributes } from "react";

const tones = {
  primary:
    "bg-brand-600 text-white enabled:hover:bg-brand-800 disabled:bg-slate-300 disabled:text-slate-50",
  secondary:
    "border border-slate-300 bg-surface text-slate-800 enabled:hover:bg-slate-50 disabled:text-slate-400",
  danger:
    "border border-red-300 bg-surface text-red-700 enabled:hover:bg-red-50 disabled:border-red-200 disabled:text-red-300",
} as const;

export function Button({
  tone = "primary",
  busy = false,
  className = "",
  children,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: keyof typeof tones; busy?: boolean }) {
  return (
    <button
      {...props}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors motion-reduce:transition-none disabled:cursor-not-allowed ${tones[tone]} ${className}`}
    >
      {busy && (
        <span
          aria-hidden
          className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent"
        />
      )}
      {children}
    </button>
  );
}

/** "Load more images" under a list read page by page, while Glance has more. */
export function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const t = useTranslations("common");
  if (!list.hasNextPage) return null;
  return (
    <Button tone="secondary" busy={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
      {t("loadMoreImages")}
    </Button>
  );
}
