"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type DragEvent } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { prefillsFromFile, type ConnectPrefill } from "@/lib/projects/credentials-file";

/**
 * Paste or drop an openrc.sh or a clouds.yaml to fill in the form. The file is read in
 * the browser; nothing is sent until the form is submitted.
 */
export function ImportPanel({ onPrefill }: { onPrefill: (prefill: ConnectPrefill) => void }) {
  const t = useTranslations("projects.import");
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<ConnectPrefill[]>([]);
  const [dragging, setDragging] = useState(false);

  const read = (content: string) => {
    setError(null);
    setChoices([]);
    try {
      const prefills = prefillsFromFile(content);
      if (prefills.length === 1) onPrefill(prefills[0]!);
      else setChoices(prefills);
    } catch (err) {
      setError(err instanceof Error ? err.message : t("unreadable"));
    }
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) read(await file.text());
  };

  return (
    <details className="rounded-lg border border-slate-200 bg-surface p-4">
      <summary className="cursor-pointer text-sm font-medium text-brand-700">
        {t("summary")}
      </summary>
      <div
        className={`mt-3 space-y-3 rounded-md border-2 border-dashed p-3 ${dragging ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={`${id}-text`} className="block text-sm text-slate-700">
          {t("paste")}
        </label>
        <textarea
          id={`${id}-text`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={5}
          spellCheck={false}
          className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
          placeholder={
            "export OS_AUTH_URL=https://auth.cloud.ovh.net/v3\nexport OS_TENANT_ID=...\nexport OS_USERNAME=user-..."
          }
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" tone="secondary" onClick={() => read(text)} disabled={!text.trim()}>
            {t("usePasted")}
          </Button>
          <label className="text-sm text-slate-600">
            <span className="sr-only">{t("chooseFile")}</span>
            <input
              type="file"
              accept=".sh,.yaml,.yml,.txt,text/plain"
              className="text-sm"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) read(await file.text());
              }}
            />
          </label>
        </div>
        {error && <Alert tone="error">{error}</Alert>}
        {choices.length > 0 && (
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{t("whichCloud")}</legend>
            {choices.map((c) => (
              <Button
                key={c.source}
                type="button"
                tone="secondary"
                className="mr-2"
                onClick={() => onPrefill(c)}
              >
                {c.source.replace("clouds.yaml: ", "")}
              </Button>
            ))}
          </fieldset>
        )}
      </div>
    </details>
  );
}
