// Demo user information transmission devices (issue 16): one on each of the first demo units that have an
// automatic fire alarm system, each with a panel (system 1, address 1) of 24 named components placed in
// the unit's key parts, laid out as `npm run simulate:uitd` plays them (uitd-sim.ts: point << 16 | loop,
// c1 a smoke detector). Their addresses go to data/demo.json under `gb26875.devices`.
import type { Prisma } from "../../api/src/db/client.ts";
import { systemClock } from "../../api/src/shared/clock.ts";
import { createPanels, prismaUitdRegistry } from "../../api/src/modules/panels/index.ts";
import { gb26875Catalog } from "../../api/src/transport/gb26875/gateway/index.ts";
import { panelComponents } from "../../api/src/tools/uitd-sim.ts";

export interface DemoUitd {
  /** 12 hex digits, as the simulator and a real device send it */
  address: string;
  deviceId: string;
  transmissionDeviceId: string;
  unitId: string;
  unitName: string;
  profile: string;
  components: number;
}

const TYPE_NAME: Record<number, string> = {
  40: "感烟探测器",
  30: "感温探测器",
  23: "手动报警按钮",
  85: "输入模块",
  24: "消火栓按钮",
};
const SPOTS = ["走廊东侧", "走廊西侧", "楼梯间", "电梯前室", "值班室", "库房"];

export async function seedPanelsDemo(prisma: Prisma, opts: { max?: number } = {}): Promise<DemoUitd[]> {
  const units = await prisma.networkedUnit.findMany({
    where: { hasAutoFireAlarm: true },
    orderBy: [{ pilot: "desc" }, { name: "asc" }],
    take: opts.max ?? 3,
    select: { id: true, name: true },
  });
  const panels = createPanels({
    prisma,
    clock: systemClock,
    catalog: gb26875Catalog,
    devices: prismaUitdRegistry(prisma),
  });
  const out: DemoUitd[] = [];
  for (const [i, unit] of units.entries()) {
    const address = `3601990000${String(i + 1).padStart(2, "0")}`;
    const td = await panels.service.registerDevice(unit.id, { address, patrolIntervalSec: 300 });
    const parts = await prisma.keyPart.findMany({
      where: { unitId: unit.id },
      orderBy: { name: "asc" },
      select: { name: true, floor: true },
    });
    const components = panelComponents(24);
    const result = await panels.service.importComponents(
      unit.id,
      td.id,
      components.map((c, n) => {
        const part = parts.length ? parts[n % parts.length]! : null;
        const spot = SPOTS[n % SPOTS.length]!;
        const kind = TYPE_NAME[c.componentType] ?? "部件";
        return {
          systemType: String(c.systemType),
          systemAddress: String(c.systemAddress),
          componentType: String(c.componentType),
          componentAddress: `0x${c.componentAddress.toString(16)}`,
          name: `${part ? part.name : "公共区域"}${spot}${kind}`.slice(0, 40),
          location: `${part ? part.name : "公共区域"}${part?.floor != null ? ` ${part.floor}层` : ""} ${spot}`,
          ...(part ? { keyPart: part.name } : {}),
        };
      }),
    );
    if (result.errors.length) throw new Error(`demo components: ${JSON.stringify(result.errors.slice(0, 3))}`);
    await prisma.panelSystem.updateMany({
      where: { transmissionDeviceId: td.id, systemType: 1, systemAddress: 1 },
      data: { name: `${unit.name}火灾报警控制器` },
    });
    out.push({
      address,
      deviceId: td.deviceId,
      transmissionDeviceId: td.id,
      unitId: unit.id,
      unitName: unit.name,
      profile: td.profile,
      components: components.length,
    });
  }
  return out;
}
