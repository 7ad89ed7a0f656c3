// Between timed fire alarms the benches close the open ones, so each sample starts a fresh alarm (and its
// first escalation step) instead of adding an occurrence to the last: signed in as the demo administrator,
// every open FIRE alarm is resolved as a test.
import type { DemoInfo } from "../../prisma/seed/demo-seed.ts";
import { staffAuth } from "./staff-auth.ts";

export async function fireCloser(url: string, demo: DemoInfo): Promise<() => Promise<void>> {
  const admin = demo.staff.find((s) => s.role === "ADMIN")!;
  const auth = await staffAuth(url, admin);
  return async () => {
    const open = (await (await fetch(`${url}/api/alarms?status=open&limit=200`, { headers: auth })).json()) as {
      items: { id: string; kind: string }[];
    };
    for (const a of open.items.filter((x) => x.kind === "FIRE"))
      await fetch(`${url}/api/alarms/${a.id}/resolve`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ resolution: "TEST" }),
      });
  };
}
