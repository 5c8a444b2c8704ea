"use client";

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

const methods: { value: Method; label: string; hint: string }[] = [
  { value: "password", label: "Password", hint: "A user name and password, for one project." },
  {
    value: "application_credential",
    label: "Application credential",
    hint: "An id and secret; the project is the credential's.",
  },
  {
    value: "discover",
    label: "One login, many projects",
    hint: "Log in once and pick every project to connect.",
  },
];

/** The fields each way of logging in asks for. */
type CredentialField = {
  key: Exclude<keyof ConnectFields, "cloud" | "authUrl">;
  label: string;
  type?: "password";
  autoComplete?: "username" | "current-password";
  spellCheck?: false;
  hint?: string;
};
const username: CredentialField = {
  key: "username",
  label: "Username",
  autoComplete: "username",
  spellCheck: false,
};
const userDomain: CredentialField = { key: "userDomain", label: "User domain" };
const password: CredentialField = {
  key: "password",
  label: "Password",
  type: "password",
  autoComplete: "current-password",
};
const credentialFields: Record<Method, CredentialField[]> = {
  password: [
    username,
    userDomain,
    password,
    {
      key: "project",
      label: "Project",
      spellCheck: false,
      hint: "Its name, or its id (32 hexadecimal characters).",
    },
    {
      key: "projectDomain",
      label: "Project domain",
      hint: "Used when the project is given by name.",
    },
  ],
  application_credential: [
    { key: "id", label: "Application credential ID", autoComplete: "username", spellCheck: false },
    { key: "secret", label: "Secret", type: "password", autoComplete: "current-password" },
  ],
  discover: [username, userDomain, password],
};

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
    const missing = p.method === "password" && !p.password ? " Enter the password to connect." : "";
    if (p.authUrl && !match && !allowCustomAuthUrl) {
      setNotice({
        tone: "warning",
        text: `${p.source} is for ${p.authUrl}, which this dashboard is not configured to reach. Choose a configured cloud, or ask the operator to add it.`,
      });
    } else {
      setNotice({ tone: "info", text: `Filled in from ${p.source}.${missing}` });
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
    setInvalid(parsed.success ? null : (parsed.error.issues[0]?.message ?? "Check the form."));
    if (!parsed.success) return;
    if (!("method" in parsed.data)) {
      discover.mutate(parsed.data, { onSuccess: (d) => setDiscovery(d), onSettled: forgetSecrets });
      return;
    }
    connectOne.mutate(parsed.data, {
      onSuccess: (c) => {
        report.done(`Connected ${c.project.name} (${c.regions.join(", ") || "no image service"}).`);
        router.push("/projects");
      },
      onSettled: forgetSecrets,
    });
  };

  const error = invalid ?? (method === "discover" ? discover.error : connectOne.error)?.message;
  const busy = connectOne.isPending || discover.isPending;

  if (clouds.length === 0 && !allowCustomAuthUrl) {
    return (
      <Alert tone="warning" title="No cloud is configured">
        This dashboard has no Keystone to connect to. The operator configures clouds with a
        clouds.yaml or the GLANCE_SHARE_PRESETS setting (see the README).
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
        aria-label="Connect a project"
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Cloud"
            value={fields.cloud}
            onChange={(e) => chooseCloud(e.target.value)}
            options={[
              ...clouds.map((c) => [c.name, `${c.label} (${c.authUrl})`] as const),
              ...(allowCustomAuthUrl ? [[CUSTOM_CLOUD, "Another Keystone URL…"] as const] : []),
            ]}
          />
          {fields.cloud === CUSTOM_CLOUD && (
            <TextField
              label="Keystone URL"
              value={fields.authUrl}
              onChange={(e) => set({ authUrl: e.target.value })}
              required
              placeholder="https://keystone.example.com/v3"
            />
          )}
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-700">How do you log in?</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {methods.map((m) => (
              <label
                key={m.value}
                className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600 ${method === m.value ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}
              >
                <input
                  type="radio"
                  name="method"
                  value={m.value}
                  checked={method === m.value}
                  onChange={() => {
                    setMethod(m.value);
                    setDiscovery(null);
                    setInvalid(null);
                  }}
                />
                <span>
                  <span className="block font-medium">{m.label}</span>
                  <span className="text-slate-600">{m.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2">
          {credentialFields[method].map(({ key, ...field }) => (
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
          {method === "discover" ? "List my projects" : "Connect"}
        </Button>
      </form>

      {method === "discover" && discovery && <DiscoveredProjects discovery={discovery} />}
    </div>
  );
}
