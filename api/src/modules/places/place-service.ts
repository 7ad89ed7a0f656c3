// Communities and their buildings, as far as the caller's scope reaches.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "./scope.ts";

export class PlaceService {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
  ) {}

  async communities(p: Principal) {
    const scope = await this.scopes.of(p);
    const rows = await this.prisma.community.findMany({
      where: this.scopes.communityWhere(scope),
      include: { township: true, propertyCompany: true, _count: { select: { buildings: true, devices: true } } },
      orderBy: { name: "asc" },
    });
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      address: c.address,
      township: c.township.name,
      propertyCompany: c.propertyCompany?.name ?? null,
      buildings: c._count.buildings,
      devices: c._count.devices,
      latitude: c.latitude,
      longitude: c.longitude,
    }));
  }

  async community(p: Principal, id: string) {
    await this.scopes.assertCommunity(p, id);
    const c = await this.prisma.community.findUnique({
      where: { id },
      include: {
        township: true,
        propertyCompany: true,
        buildings: {
          include: { units: { include: { _count: { select: { households: true } } } } },
          orderBy: { name: "asc" },
        },
      },
    });
    if (!c) throw new AppError("NOT_FOUND", "找不到该小区");
    return {
      id: c.id,
      name: c.name,
      address: c.address,
      township: c.township.name,
      propertyCompany: c.propertyCompany?.name ?? null,
      buildings: c.buildings.map((b) => ({
        id: b.id,
        name: b.name,
        floors: b.floors,
        oldHighRise: b.oldHighRise,
        units: b.units.map((u) => ({ id: u.id, name: u.name, households: u._count.households })),
      })),
    };
  }
}
