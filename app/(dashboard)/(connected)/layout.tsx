import type { ReactNode } from "react";

import { ConnectionGate } from "@/components/common/connection-gate";
import { pageProjects } from "@/lib/server/core/context";

export const dynamic = "force-dynamic";

export default async function ConnectedLayout({ children }: { children: ReactNode }) {
  const initial = await (await pageProjects()).dtos();
  return <ConnectionGate initial={initial}>{children}</ConnectionGate>;
}
