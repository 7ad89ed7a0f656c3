// Who sees which camera (issue 23): a unit's people their units' cameras, a property company its
// communities', the monitoring centre, the fire supervisor and admins all of them. An id outside the scope is
// "not found". Also where a camera may be registered: a unit or a community of the caller's scope, with a
// key part or building of that place.
import type { PrismaNs } from "../../../db/client.ts";
import { AppError } from "../../../shared/errors.ts";
import type { Principal } from "../../auth/principal.ts";
import { inRoleSet, ROLE_SETS } from "../../../contract/roles.ts";
import type { CameraRow, CameraServiceDeps } from "./camera-deps.ts";

/** Roles that see every camera of the county. */
const COUNTY_ROLES = new Set<string>(ROLE_SETS.commandView);

/** The place a camera is registered to (CameraInput's). */
export interface CameraPlace {
  unitId?: string | null;
  keyPartId?: string | null;
  communityId?: string | null;
  buildingId?: string | null;
}

export class CameraScope {
  constructor(private readonly d: Pick<CameraServiceDeps, "prisma" | "scopes" | "unitScopes">) {}

  /** The units and communities a caller may register a camera in: none unless they manage cameras. */
  async registerablePlaces(
    p: Principal,
  ): Promise<{ units: { id: string; name: string }[]; communities: { id: string; name: string }[] }> {
    if (!inRoleSet(ROLE_SETS.cameraManagers, p.role)) return { units: [], communities: [] };
    const county = inRoleSet(ROLE_SETS.monitoringCentre, p.role);
    const [units, scope] = await Promise.all([
      this.d.prisma.networkedUnit.findMany({
        where: county ? {} : await this.d.unitScopes.where(p),
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: 500,
      }),
      this.d.scopes.of(p),
    ]);
    const communities =
      county || scope.kind === "communities" || scope.kind === "county"
        ? await this.d.prisma.community.findMany({
            where: county ? {} : this.d.scopes.communityWhere(scope),
            select: { id: true, name: true },
            orderBy: { name: "asc" },
            take: 500,
          })
        : [];
    return { units, communities };
  }

  /** The cameras the caller sees, as a where clause (active ones only). */
  async where(p: Principal): Promise<PrismaNs.CameraWhereInput> {
    if (p.kind !== "staff") return { id: { in: [] } };
    if (COUNTY_ROLES.has(p.role)) return { active: true };
    const [units, places] = await Promise.all([this.d.unitScopes.visibleIds(p), this.d.scopes.of(p)]);
    if (units === "all" || places.kind === "county") return { active: true };
    const or: PrismaNs.CameraWhereInput[] = [];
    if (units.length) or.push({ unitId: { in: units } });
    if (places.kind === "communities" && places.communityIds.length)
      or.push({ communityId: { in: places.communityIds } });
    return or.length ? { active: true, OR: or } : { id: { in: [] } };
  }

  /** The camera if the caller sees it; anything else is "not found". */
  async visible(p: Principal, id: string): Promise<CameraRow> {
    const c =
      id.length <= 64 ? await this.d.prisma.camera.findFirst({ where: { AND: [{ id }, await this.where(p)] } }) : null;
    if (!c) throw new AppError("NOT_FOUND", "找不到该摄像头");
    return c;
  }

  /** The place a camera is registered to must be in the caller's scope (and exist). */
  async assertPlace(p: Principal, input: CameraPlace) {
    const unitId = input.unitId || null;
    const communityId = input.communityId || null;
    if ((unitId === null) === (communityId === null))
      throw new AppError("VALIDATION_FAILED", "摄像头须登记在一个联网单位或一个小区下（二选一）");
    const county = p.kind === "staff" && COUNTY_ROLES.has(p.role);
    if (unitId) {
      if (county) {
        if (!(await this.d.prisma.networkedUnit.count({ where: { id: unitId } })))
          throw new AppError("NOT_FOUND", "找不到该单位");
      } else await this.d.unitScopes.assertUnit(p, unitId);
      if (input.keyPartId && !(await this.d.prisma.keyPart.count({ where: { id: input.keyPartId, unitId } })))
        throw new AppError("VALIDATION_FAILED", "重点部位不属于该单位");
      if (input.buildingId && !(await this.d.prisma.unitBuilding.count({ where: { id: input.buildingId, unitId } })))
        throw new AppError("VALIDATION_FAILED", "建筑不属于该单位");
    } else {
      if (county) {
        if (!(await this.d.prisma.community.count({ where: { id: communityId! } })))
          throw new AppError("NOT_FOUND", "找不到该小区");
      } else await this.d.scopes.assertCommunity(p, communityId!);
      if (input.keyPartId) throw new AppError("VALIDATION_FAILED", "小区摄像头没有重点部位");
      if (
        input.buildingId &&
        !(await this.d.prisma.building.count({ where: { id: input.buildingId, communityId: communityId! } }))
      )
        throw new AppError("VALIDATION_FAILED", "楼栋不属于该小区");
    }
  }
}
