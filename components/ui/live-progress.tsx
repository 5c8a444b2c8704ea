"use client";

import { useEffect, useRef, useState } from "react";

// A screen reader reads every change of a live region: a bar moving image by image
// would drown everything else. The text is handed to it at most this often.
const ANNOUNCE_EVERY_MS = 2000;

/**
 * A labelled progress bar for long work, its label announced to screen readers (politely,
 * at most every two seconds, and at once when the work is done).
 */
export function LiveProgress({
  id,
  label,
  value,
  max,
  done,
}: {
  id: string;
  label: string;
  value: number;
  max: number;
  done: boolean;
}) {
  const [spoken, setSpoken] = useState("");
  const latest = useRef(label);
  const lastSpokenAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    latest.current = label;
    if (timer.current && !done) return; // the pending announcement will read the latest label
    if (timer.current) clearTimeout(timer.current);
    const wait = done ? 0 : Math.max(0, lastSpokenAt.current + ANNOUNCE_EVERY_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastSpokenAt.current = Date.now();
      setSpoken(latest.current);
    }, wait);
  }, [label, done]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  return (
    <div>
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
      </label>
      <progress id={id} className="mt-1 block h-2 w-full" value={value} max={Math.max(1, max)} />
      <span className="sr-only" aria-live="polite" aria-atomic="true">
        {spoken}
      </span>
    </div>
  );
}
