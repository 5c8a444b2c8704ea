"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { sameAuthUrl, type ConnectPrefill } from "@/lib/import/credentials-file";
import { useConnect, useDiscover } from "@/lib/queries/connections";
import type { CloudDto, ConnectInput, DiscoveryDto } from "@/lib/schemas/connections";
import { DiscoveredProjects } from "./discover-projects";
import { ImportPanel } from "./import-panel";

const CUSTOM = "custom";
type Method = "password" | "application_credential" | "discover";

const methods: { value: Method; label: string; hint: string }[] = [
  { value: "password", label: "Password", hint: "A user name and password, for one project." },
  { value: "application_credential", label: "Application credential", hint: "An id and secret; the project is the credential's." },
  { value: "discover", label: "One login, many projects", hint: "Log in once and pick every project to connect." },
];

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
  const toast = useToast();
  const connectOne = useConnect();
  const discover = useDiscover();

  const firstCloud = clouds.find((c) => c.name === initial.cloud) ?? clouds[0];
  const [cloudName, setCloudName] = useState(firstCloud?.name ?? (allowCustomAuthUrl ? CUSTOM : ""));
  const [method, setMethod] = useState<Method>("password");
  const [customUrl, setCustomUrl] = useState("");
  const [username, setUsername] = useState(initial.username ?? "");
  const [userDomain, setUserDomain] = useState(initial.userDomain ?? firstCloud?.userDomain ?? "Default");
  const [password, setPassword] = useState("");
  const [project, setProject] = useState(initial.project ?? "");
  const [projectDomain, setProjectDomain] = useState(initial.projectDomain ?? firstCloud?.projectDomain ?? "Default");
  const [credentialId, setCredentialId] = useState("");
  const [secret, setSecret] = useState("");
  const [discovery, setDiscovery] = useState<DiscoveryDto | null>(null);
  const [notice, setNotice] = useState<{ tone: "info" | "warning"; text: string } | null>(null);

  const chooseCloud = (name: string) => {
    setCloudName(name);
    const next = clouds.find((c) => c.name === name);
    if (next) {
      setUserDomain(next.userDomain);
      setProjectDomain(next.projectDomain);
    }
    setDiscovery(null);
  };

  const applyPrefill = (p: ConnectPrefill) => {
    const match = p.authUrl ? clouds.find((c) => sameAuthUrl(c.authUrl, p.authUrl!)) : undefined;
    if (match) chooseCloud(match.name);
    else if (p.authUrl && allowCustomAuthUrl) {
      setCloudName(CUSTOM);
      setCustomUrl(p.authUrl);
    }
    setMethod(p.method);
    if (p.username) setUsername(p.username);
    if (p.userDomain) setUserDomain(p.userDomain);
    if (p.project) setProject(p.project);
    if (p.projectDomain) setProjectDomain(p.projectDomain);
    setPassword(p.password ?? "");
    setCredentialId(p.applicationCredentialId ?? "");
    setSecret(p.applicationCredentialSecret ?? "");
    const missing = p.method === "password" && !p.password ? " Enter the password to connect." : "";
    if (p.authUrl && !match && !allowCustomAuthUrl) {
      setNotice({ tone: "warning", text: `${p.source} is for ${p.authUrl}, which this dashboard is not configured to reach. Choose a configured cloud, or ask the operator to add it.` });
    } else {
      setNotice({ tone: "info", text: `Filled in from ${p.source}.${missing}` });
    }
  };

  const cloudFields = { cloud: cloudName, authUrl: cloudName === CUSTOM ? customUrl : undefined };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (method === "discover") {
      discover.mutate(
        { ...cloudFields, username, userDomain, password },
        { onSuccess: (d) => setDiscovery(d), onSettled: () => setPassword("") },
      );
      return;
    }
    const input: ConnectInput =
      method === "password"
        ? { method, ...cloudFields, username, userDomain, password, project, projectDomain }
        : { method, ...cloudFields, id: credentialId, secret };
    connectOne.mutate(input, {
      onSuccess: (c) => {
        toast("success", `Connected ${c.project.name} (${c.regions.join(", ") || "no image service"}).`);
        router.push("/projects");
      },
      // A password or secret is used once, for this login, and not kept even in the form.
      onSettled: () => {
        setPassword("");
        setSecret("");
      },
    });
  };

  const error = method === "discover" ? discover.error : connectOne.error;
  const busy = connectOne.isPending || discover.isPending;

  if (clouds.length === 0 && !allowCustomAuthUrl) {
    return (
      <Alert tone="warning" title="No cloud is configured">
        This dashboard has no Keystone to connect to. The operator configures clouds with a clouds.yaml or the
        GLANCE_SHARE_PRESETS setting (see the README).
      </Alert>
    );
  }

  return (
    <div className="space-y-6">
      <ImportPanel onPrefill={applyPrefill} />
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}

      <form onSubmit={onSubmit} className="space-y-6 rounded-lg border border-slate-200 bg-white p-6" aria-label="Connect a project">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Cloud" value={cloudName} onChange={(e) => chooseCloud(e.target.value)}>
            {clouds.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label} ({c.authUrl})
              </option>
            ))}
            {allowCustomAuthUrl && <option value={CUSTOM}>Another Keystone URL…</option>}
          </SelectField>
          {cloudName === CUSTOM && (
            <TextField label="Keystone URL" value={customUrl} onChange={(e) => setCustomUrl(e.target.value)} required placeholder="https://keystone.example.com/v3" />
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
                  }}
                />
                <span>
                  <span className="block font-medium">{m.label}</span>
                  <span className="text-slate-500">{m.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {method === "application_credential" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Application credential ID" value={credentialId} onChange={(e) => setCredentialId(e.target.value)} required autoComplete="username" spellCheck={false} />
            <TextField label="Secret" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required autoComplete="current-password" />
          </div>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField label="Username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="username" spellCheck={false} />
            <TextField label="User domain" value={userDomain} onChange={(e) => setUserDomain(e.target.value)} required />
            <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" />
            {method === "password" && (
              <>
                <TextField
                  label="Project"
                  value={project}
                  onChange={(e) => setProject(e.target.value)}
                  required
                  spellCheck={false}
                  hint="Its name, or its id (32 hexadecimal characters)."
                />
                <TextField label="Project domain" value={projectDomain} onChange={(e) => setProjectDomain(e.target.value)} required hint="Used when the project is given by name." />
              </>
            )}
          </div>
        )}

        {error && <Alert tone="error">{error.message}</Alert>}

        <Button type="submit" busy={busy}>
          {method === "discover" ? "List my projects" : "Connect"}
        </Button>
      </form>

      {method === "discover" && discovery && <DiscoveredProjects discovery={discovery} />}
    </div>
  );
}
