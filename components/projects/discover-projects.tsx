"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useReport } from "@/components/common/use-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useConnectDiscovered } from "@/lib/queries/projects";
import type { DiscoveryDto } from "@/lib/schemas/projects";
import { toggled } from "@/lib/sets";

/** Step 2 of "one login": tick the projects to connect, all at once. */
export function DiscoveredProjects({ discovery }: { discovery: DiscoveryDto }) {
  const t = useTranslations("projects.discover");
  const router = useRouter();
  const report = useReport();
  const connectMany = useConnectDiscovered();
  const available = discovery.projects.filter((p) => p.enabled);
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set(available.filter((p) => !p.connected).map((p) => p.id)),
  );
  const [failures, setFailures] = useState<{ name: string; message: string }[]>([]);

  const toggle = (id: string) => setChosen((prev) => toggled(prev, id));

  const submit = () =>
    connectMany.mutate([...chosen], {
      onSuccess: (result) => {
        const nameOf = (id: string) => discovery.projects.find((p) => p.id === id)?.name ?? id;
        if (result.connected.length > 0) {
          report.done(
            t("connected", { projects: result.connected.map((c) => c.project.name).join(", ") }),
          );
        }
        if (result.failed.length === 0) router.push("/projects");
        else
          setFailures(
            result.failed.map((f) => ({ name: nameOf(f.projectId), message: f.message })),
          );
      },
    });

  if (discovery.projects.length === 0) {
    return (
      <Alert tone="warning" title={t("none.title")}>
        {t("none.text", { user: discovery.user.name })}
      </Alert>
    );
  }

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium">
        {t("legend", { user: discovery.user.name, count: discovery.projects.length })}
      </legend>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-surface">
        {discovery.projects.map((p) => (
          <li key={p.id}>
            <label className="flex items-center gap-3 px-3 py-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.has(p.id)}
                disabled={!p.enabled}
                onChange={() => toggle(p.id)}
              />
              <span className="font-medium">{p.name}</span>
              <span className="font-mono text-xs text-slate-500">{p.id}</span>
              {p.connected && (
                <span className="text-xs text-slate-500">{t("alreadyConnected")}</span>
              )}
              {!p.enabled && <span className="text-xs text-amber-700">{t("disabled")}</span>}
            </label>
          </li>
        ))}
      </ul>
      {connectMany.error && <Alert tone="error">{connectMany.error.message}</Alert>}
      {failures.length > 0 && (
        <Alert tone="error" title={t("someFailed")}>
          <ul className="list-disc pl-5">
            {failures.map((f) => (
              <li key={f.name}>
                {f.name}: {f.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Button
        type="button"
        onClick={submit}
        busy={connectMany.isPending}
        disabled={chosen.size === 0}
      >
        {t("submit", { count: chosen.size })}
      </Button>
    </fieldset>
  );
}
