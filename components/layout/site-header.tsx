import { useTranslations } from "next-intl";
import Link from "next/link";

import { InvitationsNavLink } from "@/components/invitations/invitations-nav-link";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { TransfersNavLink } from "@/components/transfers/transfers-nav-link";

const linkClass = "rounded px-2 py-1 hover:text-brand-700";

export function SiteHeader() {
  const t = useTranslations("nav");
  // Each label names its feature everywhere: page, API route, lib/ and components/ folders.
  const before = [
    { href: "/images", label: t("images") },
    { href: "/share", label: t("share") },
  ];
  const after = [
    { href: "/instances", label: t("instances") },
    { href: "/access", label: t("access") },
    { href: "/journal", label: t("journal") },
    { href: "/projects", label: t("projects") },
    { href: "/projects/connect", label: t("connect") },
  ];
  const links = (items: typeof before) =>
    items.map((l) => (
      <Link key={l.href} href={l.href} className={linkClass}>
        {l.label}
      </Link>
    ));
  return (
    <header className="border-b border-slate-200 bg-surface">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
        <Link
          href="/"
          className="flex items-center gap-2 rounded text-lg font-semibold text-brand-900"
        >
          {/* A plain img: next/image adds a style attribute, which the page's CSP forbids. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/logo.svg" alt="" width={28} height={28} />
          {t("product")}
        </Link>
        <nav aria-label={t("label")} className="flex flex-wrap gap-1 text-sm text-slate-600">
          {links(before)}
          {/* Invitations carries the number pending. */}
          <InvitationsNavLink className={linkClass} />
          {/* Transfers carries the number running, on every page. */}
          <TransfersNavLink className={linkClass} />
          {links(after)}
        </nav>
        <LanguageSwitcher />
      </div>
    </header>
  );
}
