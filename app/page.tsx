import Link from "next/link";

import { NoProjectConnected } from "@/components/common/empty-state";
import { pageProjects } from "@/lib/server/core/context";

const steps = [
  {
    title: "Share",
    text: "The owner project sets the image to shared and invites the consumer project.",
  },
  {
    title: "Accept",
    text: "The consumer project sees the invitation and accepts it; the image appears in its list.",
  },
  {
    title: "Audit",
    text: "The owner sees every member and its status, and can revoke access at any time.",
  },
];

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { connections } = await (await pageProjects()).dtos();
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight text-brand-900">
          Share Glance images between your projects
        </h1>
        <p className="max-w-2xl text-slate-600">
          Glance Share holds a session for each OpenStack project you connect, so sharing an image
          from one project and accepting it in another takes a few clicks in one browser window,
          with no switching of credentials.
        </p>
      </section>

      <section aria-labelledby="how-heading" className="space-y-4">
        <h2 id="how-heading" className="text-lg font-semibold">
          How image sharing works
        </h2>
        <ol className="grid gap-4 sm:grid-cols-3">
          {steps.map((step, i) => (
            <li key={step.title} className="rounded-lg border border-slate-200 bg-surface p-4">
              <p className="text-sm font-medium text-brand-700">Step {i + 1}</p>
              <p className="font-semibold">{step.title}</p>
              <p className="mt-1 text-sm text-slate-600">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      {connections.length === 0 ? (
        <NoProjectConnected>
          Connect the owner project and the consumer project (with a password, an application
          credential, or one login for all your projects) to start.
        </NoProjectConnected>
      ) : (
        <section
          aria-labelledby="projects-heading"
          className="rounded-lg border border-slate-200 bg-surface p-6"
        >
          <h2 id="projects-heading" className="text-lg font-semibold">
            {connections.length} project{connections.length === 1 ? "" : "s"} connected
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {connections.map((c) => c.project.name).join(", ")}
          </p>
          <div className="mt-4 flex gap-3">
            <Link
              href="/projects/connect"
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
            >
              Connect a project
            </Link>
            <Link
              href="/projects"
              className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              Manage projects
            </Link>
          </div>
        </section>
      )}
    </div>
  );
}
