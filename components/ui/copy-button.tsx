"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import { Button } from "./button";

/** Copies a text; says so for a moment (also to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("common");
  const [copied, setCopied] = useState(false);
  return (
    <Button
      type="button"
      tone="secondary"
      className="px-2 py-1 text-xs"
      aria-label={label}
      onClick={async () => {
        await navigator.clipboard.writeText(text).catch(() => undefined);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      <span aria-live="polite">{copied ? t("copied") : t("copy")}</span>
    </Button>
  );
}
