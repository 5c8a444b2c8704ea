"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useReport } from "@/components/common/use-report";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { sameAuthUrl, type ConnectPrefill } from "@/lib/projects/credentials-file";
import { useConnect, useDiscover } from "@/lib/queries/projects";
import {
  connectSchema,
  CUSTOM_CLOUD,
  discoverSchema,
  type CloudDto,
  type ConnectFields,
  type DiscoveryDto,
} from "@/lib/schemas/projects";

import { DiscoveredProjects } from "./discover-projects";
import { ImportPanel } from "./import-panel";

type Method = "password" | "application_credential" | "discover";

const methods: Method[] = ["password", "application_credential", "discover"];

/** The fields each way of logging in asks for. */
type CredentialField = {
  key: Exclude<keyof ConnectFields, "cloud" | "authUrl">;
  label: string;
  type?: "password";
  autoComplete?: "username" | "current-password";
  spellCheck?: false;
  hint?: string;
};

function credentialFields(
  method: Method,
  t: ReturnType<typeof useTranslations<"projects.connect">>,
): CredentialField[] {
  const username: CredentialField = {
    key: "username",
    label: t("fields.username"),
    autoComplete: "username",
    spellCheck: false,
  };
  const userDomain: CredentialField = { key: "userDomain", label: t("fields.userDomain") };
  const password: CredentialField = {
    key: "password",
    label: t("fields.password"),
    type: "password",
    autoComplete: "current-password",
  };
  if (method === "application_credential")
    return [
      { key: "id", label: t("fields.id"), autoComplete: "username", spellCheck: false },
      {
        key: "secret",
        label: t("fields.secret"),
        type: "password",
        autoComplete: "current-password",
      },
    ];
  if (method === "discover") return [username, userDomain, password];
  return [
    username,
    userDomain,
    password,
    {
      key: "project",
      label: t("fields.project"),
      spellCheck: false,
      hint: t("fields.projectHint"),
    },
    { key: "projectDomain", label: t("fields.projectDomain"), hint: t("fields.projectDomainHint") },
  ];
}

export interface ConnectFormInitial {
  cloud?: string;
  username?: string;
  userDomain?: string;
  project?: string;
  projectDomain?: string;
}

export function ConnectForm({
  clouds,
  allowCustomAuthUrl,
  initial,
}: {
  clouds: CloudDto[];
  allowCustomAuthUrl: boolean;
  initial: ConnectFormInitial;
}) {
  const t = useTranslations("projects.connect");
  const router = useRouter();
  const report = useReport();
  const connectOne = useConnect();
  const discover = useDiscover();

  const firstCloud = clouds.find((c) => c.name === initial.cloud) ?? clouds[0];
  const [fields, setFields] = useState<ConnectFields>({
    cloud: firstCloud?.name ?? (allowCustomAuthUrl ? CUSTOM_CLOUD : ""),
    authUrl: "",
    username: initial.username ?? "",
    userDomain: initial.userDomain ?? firstCloud?.userDomain ?? "Default",
    password: "",
    project: initial.project ?? "",
    projectDomain: initial.projectDomain ?? firstCloud?.projectDomain ?? "Default",
    id: "",
    secret: "",
  });
  const set = (patch: Partial<ConnectFields>) => setFields((f) => ({ ...f, ...patch }));
  const [method, setMethod] = useState<Method>("password");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [discovery, setDiscovery] = useState<DiscoveryDto | null>(null);
  const [notice, setNotice] = useState<{ tone: "info" | "warning"; text: string } | null>(null);

  const chooseCloud = (name: string) => {
    const next = clouds.find((c) => c.name === name);
    set({
      cloud: name,
      ...(next && { userDomain: next.userDomain, projectDomain: next.projectDomain }),
    });
    setDiscovery(null);
  };

  const applyPrefill = (p: ConnectPrefill) => {
    const match = p.authUrl ? clouds.find((c) => sameAuthUrl(c.authUrl, p.authUrl!)) : undefined;
    if (match) chooseCloud(match.name);
    else if (p.authUrl && allowCustomAuthUrl) set({ cloud: CUSTOM_CLOUD, authUrl: p.authUrl });
    setMethod(p.method);
    set({
      ...(p.username && { username: p.username }),
      ...(p.userDomain && { userDomain: p.userDomain }),
      ...(p.project && { project: p.project }),
      ...(p.projectDomain && { projectDomain: p.projectDomain }),
      password: p.password ?? "",
      id: p.applicationCredentialId ?? "",
      secret: p.applicationCredentialSecret ?? "",
    });
    const missing = p.method === "password" && !p.password ? ` ${t("enterPassword")}` : "";
    if (p.authUrl && !match && !allowCustomAuthUrl) {
      setNotice({
        tone: "warning",
        text: t("unreachable", { source: p.source, authUrl: p.authUrl }),
      });
    } else {
      setNotice({ tone: "info", text: `${t("filledFrom", { source: p.source })}${missing}` });
    }
  };

  // A password or secret is used once, for this login, and not kept even in the form.
  const forgetSecrets = () => set({ password: "", secret: "" });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const typed = {
      ...fields,
      authUrl: fields.cloud === CUSTOM_CLOUD ? fields.authUrl : undefined,
    };
    // The same schemas the server applies: a mistake is named before anything is sent.
    const parsed =
      method === "discover"
        ? discoverSchema.safeParse(typed)
        : connectSchema.safeParse({ ...typed, method });
    setInvalid(parsed.success ? null : (parsed.error.issues[0]?.message ?? t("checkForm")));
    if (!parsed.success) return;
    if (!("method" in parsed.data)) {
      discover.mutate(parsed.data, { onSuccess: (d) => setDiscovery(d), onSettled: forgetSecrets });
      return;
    }
    connectOne.mutate(parsed.data, {
      onSuccess: (c) => {
        report.done(
          t("connected", {
            project: c.project.name,
            regions: c.regions.join(", ") || t("noImageService"),
          }),
        );
        router.push("/projects");
      },
      onSettled: forgetSecrets,
    });
  };

  const error = invalid ?? (method === "discover" ? discover.error : connectOne.error)?.message;
  const busy = connectOne.isPending || discover.isPending;

  if (clouds.length === 0 && !allowCustomAuthUrl) {
    return (
      <Alert tone="warning" title={t("noCloud.title")}>
        {t("noCloud.text")}
      </Alert>
    );
  }

  return (
    <div className="space-y-6">
      <ImportPanel onPrefill={applyPrefill} />
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}

      <form
        onSubmit={onSubmit}
        className="space-y-6 rounded-lg border border-slate-200 bg-surface p-6"
        aria-label={t("title")}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t("cloud")}
            value={fields.cloud}
            onChange={(e) => chooseCloud(e.target.value)}
            options={[
              ...clouds.map((c) => [c.name, `${c.label} (${c.authUrl})`] as const),
              ...(allowCustomAuthUrl ? [[CUSTOM_CLOUD, t("otherKeystone")] as const] : []),
            ]}
          />
          {fields.cloud === CUSTOM_CLOUD && (
            <TextField
              label={t("keystoneUrl")}
              value={fields.authUrl}
              onChange={(e) => set({ authUrl: e.target.value })}
              required
              placeholder="https://keystone.example.com/v3"
            />
          )}
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-700">{t("howLogIn")}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {methods.map((m) => (
              <label
                key={m}
                className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600 ${method === m ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}
              >
                <input
                  type="radio"
                  name="method"
                  value={m}
                  checked={method === m}
                  onChange={() => {
                    setMethod(m);
                    setDiscovery(null);
                    setInvalid(null);
                  }}
                />
                <span>
                  <span className="block font-medium">{t(`methods.${m}.label`)}</span>
                  <span className="text-slate-600">{t(`methods.${m}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2">
          {credentialFields(method, t).map(({ key, ...field }) => (
            <TextField
              key={key}
              {...field}
              value={fields[key]}
              onChange={(e) => set({ [key]: e.target.value })}
              required
            />
          ))}
        </div>

        {error && <Alert tone="error">{error}</Alert>}

        <Button type="submit" busy={busy}>
          {method === "discover" ? t("listProjects") : t("submit")}
        </Button>
      </form>

      {method === "discover" && discovery && <DiscoveredProjects discovery={discovery} />}
    </div>
  );
}
