import Image from "next/image";
import Link from "next/link";

const links = [
  { href: "/", label: "Home" },
  { href: "/projects", label: "Projects" },
  { href: "/connect", label: "Connect a project" },
];

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
        <Link href="/" className="flex items-center gap-2 rounded text-lg font-semibold text-brand-900">
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          Glance Share
        </Link>
        <nav aria-label="Main" className="flex gap-1 text-sm text-slate-600">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="rounded px-2 py-1 hover:text-brand-700">
              {l.label}
            </Link>
          ))}
        </nav>
      </div>
    </header>
  );
}
