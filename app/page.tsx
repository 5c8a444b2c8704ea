import { getTranslations } from "next-intl/server";
import Link from "next/link";

import { NoProjectConnected } from "@/components/common/empty-state";
import { pageProjects } from "@/lib/server/core/context";

const steps = ["share", "accept", "audit"] as const;

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { connections } = await (await pageProjects()).dtos();
  const t = await getTranslations("home");
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight text-brand-900">{t("title")}</h1>
        <p className="max-w-2xl text-slate-600">{t("intro")}</p>
      </section>

      <section aria-labelledby="how-heading" className="space-y-4">
        <h2 id="how-heading" className="text-lg font-semibold">
          {t("howHeading")}
        </h2>
        <ol className="grid gap-4 sm:grid-cols-3">
          {steps.map((step, i) => (
            <li key={step} className="rounded-lg border border-slate-200 bg-surface p-4">
              <p className="text-sm font-medium text-brand-700">{t("step", { n: i + 1 })}</p>
              <p className="font-semibold">{t(`steps.${step}.title`)}</p>
              <p className="mt-1 text-sm text-slate-600">{t(`steps.${step}.text`)}</p>
            </li>
          ))}
        </ol>
      </section>

      {connections.length === 0 ? (
        <NoProjectConnected>{t("connectFirst")}</NoProjectConnected>
      ) : (
        <section
          aria-labelledby="projects-heading"
          className="rounded-lg border border-slate-200 bg-surface p-6"
        >
          <h2 id="projects-heading" className="text-lg font-semibold">
            {t("connected", { count: connections.length })}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {connections.map((c) => c.project.name).join(", ")}
          </p>
          <div className="mt-4 flex gap-3">
            <Link
              href="/projects/connect"
              className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
            >
              {t("connect")}
            </Link>
            <Link
              href="/projects"
              className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              {t("manage")}
            </Link>
          </div>
        </section>
      )}
    </div>
  );
}
