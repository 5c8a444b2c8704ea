import Image from "next/image";
import Link from "next/link";
import { InboxNavLink } from "@/components/inbox/inbox-nav-link";

const linkClass = "rounded px-2 py-1 hover:text-brand-700";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
        <Link href="/" className="flex items-center gap-2 rounded text-lg font-semibold text-brand-900">
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          Glance Share
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1 text-sm text-slate-600">
          <Link href="/images" className={linkClass}>
            Images
          </Link>
          <Link href="/share" className={linkClass}>
            Share
          </Link>
          <InboxNavLink className={linkClass} />
          <Link href="/access" className={linkClass}>
            Access
          </Link>
          <Link href="/journal" className={linkClass}>
            Journal
          </Link>
          <Link href="/projects" className={linkClass}>
            Projects
          </Link>
          <Link href="/connect" className={linkClass}>
            Connect a project
          </Link>
        </nav>
      </div>
    </header>
  );
}
