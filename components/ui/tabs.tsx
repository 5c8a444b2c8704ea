"use client";

import { useRef, type KeyboardEvent } from "react";

/**
 * A row of tabs (WAI-ARIA pattern): Tab reaches the selected one, arrow keys, Home and
 * End move between them. The panel is the caller's, labelled by `panelId`.
 */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  panelId,
}: {
  label: string;
  tabs: { value: T; label: string; badge?: number }[];
  selected: T;
  onSelect: (value: T) => void;
  panelId: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (e: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const to = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    refs.current[to]?.focus();
    onSelect(tabs[to]!.value);
  };
  return (
    <div
      role="tablist"
      aria-label={label}
      className="flex flex-wrap gap-1 border-b border-slate-200"
    >
      {tabs.map((tab, i) => {
        const active = tab.value === selected;
        return (
          <button
            key={tab.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${panelId}-tab-${tab.value}`}
            aria-selected={active}
            aria-controls={panelId}
            tabIndex={active ? 0 : -1}
            onClick={() => onSelect(tab.value)}
            onKeyDown={(e) => move(e, i)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {tab.label}
            {tab.badge !== undefined && tab.badge > 0 && (
              <span className="ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white">
                {tab.badge}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
