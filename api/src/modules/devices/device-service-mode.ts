// Devices put in service (正常使用) by the system rather than by a person: an installation whose acceptance
// checks passed (rollout/acceptance-service.ts). A device in installation mode stores its events but raises no
// fire alarm (alarms/alarm-service.ts), which is right while it is being fitted and tested and wrong once the
// installer has handed it over. Only INSTALLATION moves: a device a person put under maintenance stays there.
// The ingest path reads a device's mode from the directory's cache, so each one moved is forgotten there (other
// instances see it within the directory's time to live, as for a mode changed by hand).
import type { Prisma } from "../../db/client.ts";
import type { DeviceDirectory } from "./device-directory.ts";

/** How many of `ids` went from installation mode to normal use. */
export async function putInService(
  prisma: Prisma,
  directory: Pick<DeviceDirectory, "invalidate"> | null,
  ids: readonly string[],
): Promise<number> {
  if (!ids.length) return 0;
  const moved = await prisma.device.updateMany({
    where: { id: { in: [...ids] }, mode: "INSTALLATION" },
    data: { mode: "NORMAL" },
  });
  for (const id of ids) directory?.invalidate(id);
  return moved.count;
}
