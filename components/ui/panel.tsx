import { useId, type ReactNode } from "react";

const headingStyles = {
  normal: "font-semibold",
  large: "text-lg font-semibold",
  hidden: "sr-only",
};

/** A bordered section of a page, named by its heading (a region for assistive tech). */
export function Panel({
  title,
  heading = "normal",
  spacing = "space-y-3",
  children,
}: {
  title: ReactNode;
  heading?: keyof typeof headingStyles;
  /** Tailwind's space between the panel's children. */
  spacing?: "" | "space-y-2" | "space-y-3" | "space-y-4";
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className={`${spacing} rounded-lg border border-slate-200 bg-surface p-4`}
    >
      <h2 id={id} className={headingStyles[heading]}>
        {title}
      </h2>
      {children}
    </section>
  );
}
