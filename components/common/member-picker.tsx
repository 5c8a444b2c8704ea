"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { messageOf } from "@/lib/api-client";
import { reachableProjectsQueryOptions } from "@/lib/queries/projects";
import type { ConnectionDto } from "@/lib/schemas/projects";
import { parseProjectIds, type PlanMember } from "@/lib/share/plan";

export interface MemberChoice {
  /** Ids of connected projects ticked. */
  picked: string[];
  /** What was typed in the project-id box. */
  typed: string;
  /** Every project the owner's login can reach, when that was chosen (as Keystone named them). */
  reachable: PlanMember[];
}

export const emptyMemberChoice: MemberChoice = { picked: [], typed: "", reachable: [] };

/** The consumer projects chosen, each once, with the reasons typed ids were refused. */
export function resolveMembers(
  choice: MemberChoice,
  ownerId: string,
  connections: ConnectionDto[],
): { members: PlanMember[]; problems: string[] } {
  const names = new Map([
    ...choice.reachable.map((p): [string, string | null] => [p.id, p.name]),
    ...connections.map((c): [string, string | null] => [c.project.id, c.project.name]),
  ]);
  const { ids, problems } = parseProjectIds(choice.typed, ownerId);
  const all = [...new Set([...choice.picked, ...choice.reachable.map((p) => p.id), ...ids])].filter(
    (id) => id !== ownerId,
  );
  return { members: all.map((id) => ({ id, name: names.get(id) ?? null })), problems };
}

/**
 * Consumer projects: tick a connected project of the same cloud, or type ids (another
 * account's projects). Typed ids are checked as they are typed.
 */
export function MemberPicker({
  owner,
  connections,
  value,
  onChange,
  exclude = [],
}: {
  owner: ConnectionDto;
  connections: ConnectionDto[];
  value: MemberChoice;
  onChange: (value: MemberChoice) => void;
  /** Projects that are members already (shown, but not offered). */
  exclude?: string[];
}) {
  const textId = useId();
  const candidates = [
    ...new Map(
      connections
        .filter((c) => c.cloud.name === owner.cloud.name && c.project.id !== owner.project.id)
        .map((c) => [c.project.id, c]),
    ).values(),
  ];
  const t = useTranslations("common.members");
  const { problems } = resolveMembers(value, owner.project.id, connections);
  const client = useQueryClient();
  const [reaching, setReaching] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const everyConnected = () =>
    onChange({
      ...value,
      picked: candidates.map((c) => c.project.id).filter((id) => !exclude.includes(id)),
    });
  const everyReachable = async () => {
    setReaching({ busy: true, error: null });
    try {
      const { projects } = await client.fetchQuery(reachableProjectsQueryOptions(owner.id));
      onChange({ ...value, reachable: projects.filter((p) => !exclude.includes(p.id)) });
      setReaching({ busy: false, error: null });
    } catch (err) {
      setReaching({ busy: false, error: messageOf(err) });
    }
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button tone="secondary" onClick={everyConnected} disabled={candidates.length === 0}>
          {t("everyConnected", { cloud: owner.cloud.label })}
        </Button>
        <Button tone="secondary" onClick={everyReachable} busy={reaching.busy}>
          {t("everyReachable", { user: owner.user.name })}
        </Button>
        {value.reachable.length > 0 && (
          <span className="text-sm text-slate-600">
            {t("reachable", { count: value.reachable.length, user: owner.user.name })}{" "}
            <button
              type="button"
              className="text-brand-700 underline"
              onClick={() => onChange({ ...value, reachable: [] })}
            >
              {t("leaveOut")}
            </button>
          </span>
        )}
      </div>
      {reaching.error && <Alert tone="error">{reaching.error}</Alert>}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">
          {t("connected", { cloud: owner.cloud.label })}
        </legend>
        {candidates.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noneConnected")}</p>
        ) : (
          <ul className="grid gap-2 sm:grid-cols-2">
            {candidates.map((c) => {
              const member = exclude.includes(c.project.id);
              return (
                <li key={c.project.id}>
                  <label className="flex items-start gap-2 rounded-md border border-slate-200 bg-surface p-2 text-sm">
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4"
                      disabled={member}
                      checked={member || value.picked.includes(c.project.id)}
                      onChange={(e) =>
                        onChange({
                          ...value,
                          picked: e.target.checked
                            ? [...value.picked, c.project.id]
                            : value.picked.filter((id) => id !== c.project.id),
                        })
                      }
                    />
                    <span>
                      <span className="font-medium">{c.project.name}</span>
                      <span className="text-slate-500">
                        {" "}
                        {t("domain", { domain: c.project.domainName })}
                        {member ? ` ${t("alreadyMember")}` : ""}
                      </span>
                      <span className="block font-mono text-xs text-slate-500">{c.project.id}</span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      <div>
        <label htmlFor={textId} className="block text-sm font-medium text-slate-700">
          {t("ids")}
        </label>
        <textarea
          id={textId}
          rows={2}
          value={value.typed}
          onChange={(e) => onChange({ ...value, typed: e.target.value })}
          aria-describedby={`${textId}-hint ${textId}-problems`}
          aria-invalid={problems.length > 0}
          placeholder={t("idsPlaceholder")}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
        />
        <p id={`${textId}-hint`} className="mt-1 text-xs text-slate-500">
          {t("idsHint")}
        </p>
        <div id={`${textId}-problems`} role="alert" className="mt-1 space-y-1 text-sm text-red-700">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      </div>
    </div>
  );
}
