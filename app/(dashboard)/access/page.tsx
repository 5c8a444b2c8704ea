import type { Metadata } from "next";
import { AccessAudit } from "@/components/access/access-audit";

export const metadata: Metadata = { title: "Access audit" };

export default function AccessPage() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-bold text-brand-900">Access audit</h1>
      <p className="text-sm text-slate-600">Every shared image of your connected projects, every member project, its status and since when.</p>
      <AccessAudit />
    </div>
  );
}
