import Link from "next/link";

/** A navigation link with a count beside it (pending invitations, running transfers); none shown at zero. */
export function CountedNavLink({
  href,
  label,
  count,
  countLabel,
  className,
}: {
  href: string;
  label: string;
  count: number;
  countLabel: string;
  className: string;
}) {
  return (
    <Link href={href} className={className}>
      {label}
      {/* Fixed width whether a count shows or not: no layout shift when it arrives. */}
      <span
        className={`ml-1 inline-block min-w-5 rounded-full px-1.5 text-center text-xs ${count > 0 ? "bg-brand-600 text-white" : ""}`}
      >
        {count > 0 && (
          <>
            {count}
            <span className="sr-only"> {countLabel}</span>
          </>
        )}
      </span>
    </Link>
  );
}
