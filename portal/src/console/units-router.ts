// The console's networked-unit pages (issue 14), added to the operations router: the register, one unit's
// file, the unit team's invitations, and the public page where an invited person sets their password.
// Every figure comes from the API's services with the signed-in caller's scope: another unit is a 404.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import {
  ROLLOUT_STAGE_LABELS,
  SECTOR_LABELS,
  UNIT_CATEGORY_LABELS,
  UNIT_FILE_EDITOR_ROLES,
  UNIT_REGISTRAR_ROLES,
  type UnitListQuery,
} from "../../../api/src/modules/units/index.ts";
import { READER_ROLES, TEST_KINDS } from "../../../api/src/modules/inspection/index.ts";
import { countyDate } from "../../../api/src/shared/county-time.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import { acceptInviteBody, INVITABLE, invitesBody, unitFileBody, unitsBody, type UnitFilters } from "./pages/units.ts";

interface Deps {
  staff(ctx: Koa.Context, key: ConsolePage): Promise<{ who: Principal; viewer: Viewer } | null>;
  page(ctx: Koa.Context, body: string, status?: number): void;
}

const str = (ctx: Koa.Context, k: string, max = 64) => {
  const v = ctx.query[k];
  return typeof v === "string" ? v.slice(0, max) : "";
};
const oneOf = <T extends string>(labels: Record<T, string>, v: string): T | undefined =>
  v in labels ? (v as T) : undefined;
const has = (list: readonly string[], v: string) => list.includes(v);
const PAGE = 50;

export function unitsConsole(r: Router, services: Services, deps: Deps): void {
  const { staff, page } = deps;
  const units = services.units.units;

  r.get("/units", async (ctx) => {
    const me = await staff(ctx, "units");
    if (!me) return;
    const f: UnitFilters = {
      townshipId: str(ctx, "townshipId"),
      category: str(ctx, "category"),
      sector: str(ctx, "sector"),
      rolloutStage: str(ctx, "rolloutStage"),
      keyUnit: str(ctx, "keyUnit"),
      q: str(ctx, "q", 40),
      offset: Math.max(0, Math.min(1_000_000, Math.trunc(Number(str(ctx, "offset")) || 0))),
    };
    const filtered = Object.entries(f).some(([k, v]) => k !== "offset" && v !== "");
    // a unit's own people see one unit: their file is the page made for them
    const scope = await services.units.scopes.of(me.who);
    if (!filtered && scope.kind === "units" && scope.unitIds.length === 1) {
      ctx.redirect(`/console/units/${encodeURIComponent(scope.unitIds[0]!)}`);
      return;
    }
    const q: UnitListQuery = {
      offset: f.offset,
      limit: PAGE,
      ...(/^[A-Za-z0-9_-]{1,64}$/.test(f.townshipId) ? { townshipId: f.townshipId } : {}),
      category: oneOf(UNIT_CATEGORY_LABELS, f.category),
      sector: oneOf(SECTOR_LABELS, f.sector),
      rolloutStage: oneOf(ROLLOUT_STAGE_LABELS, f.rolloutStage),
      ...(f.keyUnit === "true" || f.keyUnit === "false" ? { keyUnit: f.keyUnit === "true" } : {}),
      ...(f.q ? { q: f.q } : {}),
    };
    const count = async (extra: Partial<UnitListQuery>) =>
      (await units.list(me.who, { offset: 0, limit: 1, ...extra })).total;
    const [list, all, keyUnits, pilots, townships] = await Promise.all([
      units.list(me.who, q),
      count({}),
      count({ keyUnit: true }),
      count({ pilot: true }),
      services.countySetup.places.listTownships(),
    ]);
    // the alarm-system count needs the rows: a scope is at most a county's units, counted a page at a time
    let withAlarmSystem = 0;
    for (let offset = 0; offset < all; offset += 100)
      withAlarmSystem += (await units.list(me.who, { offset, limit: 100 })).items.filter(
        (u) => u.hasAutoFireAlarm,
      ).length;
    page(
      ctx,
      shell({
        title: "联网单位",
        page: "units",
        viewer: me.viewer,
        body: unitsBody({
          filters: f,
          page: { ...list, limit: PAGE },
          counts: { all, keyUnits, pilots, withAlarmSystem },
          townships: townships.map((t) => ({ id: t.id, name: t.name })),
          canRegister: has(UNIT_REGISTRAR_ROLES, me.who.role),
          // a maintenance technician lands here: when each unit their company keeps was last tested
          ...(me.who.role === "MAINTENANCE_TECH"
            ? {
                lastTests: await services.inspection.facilityTests.lastTests(me.who),
                today: countyDate(services.clock.now()),
              }
            : {}),
        }),
        scripts: ["/console/assets/app/units.js"],
      }),
    );
  });

  r.get("/units/:id", async (ctx) => {
    const me = await staff(ctx, "units");
    if (!me) return;
    const file = await units.get(me.who, ctx.params.id ?? ""); // out of scope: 404
    const tests = services.inspection.facilityTests;
    const testKind = me.who.role === "MAINTENANCE_TECH" ? "FACILITY_TEST" : "MONTHLY_INSPECTION";
    const mayRecord = (TEST_KINDS[testKind].roles as readonly string[]).includes(me.who.role);
    const [records, template] = has(READER_ROLES, me.who.role)
      ? await Promise.all([
          tests.list(me.who, file.id),
          mayRecord ? tests.template(me.who, file.id, testKind) : Promise.resolve([]),
        ])
      : [[], []];
    page(
      ctx,
      shell({
        title: file.name,
        page: "units",
        viewer: me.viewer,
        body: unitFileBody(file, {
          canEdit: has(UNIT_FILE_EDITOR_ROLES, me.who.role),
          canInvite: me.who.role in INVITABLE,
          tests: {
            records,
            record: mayRecord ? { kind: testKind, label: TEST_KINDS[testKind].label, template } : null,
            today: countyDate(services.clock.now()),
          },
        }),
        scripts: ["/console/assets/app/units.js"],
      }),
    );
  });

  r.get("/invites", async (ctx) => {
    const me = await staff(ctx, "invites");
    if (!me) return;
    const mine = (await units.list(me.who, { offset: 0, limit: 100 })).items.map((u) => ({ id: u.id, name: u.name }));
    const asked = str(ctx, "unit");
    const current = asked ? (mine.find((u) => u.id === asked) ?? null) : (mine[0] ?? null);
    if (asked && !current) throw new AppError("NOT_FOUND", "找不到该单位");
    const team = current ? await services.countySetup.staff.listForUnit(me.who, current.id) : [];
    page(
      ctx,
      shell({
        title: "单位人员与邀请",
        page: "invites",
        viewer: me.viewer,
        body: invitesBody({ units: mine, current, team, roles: INVITABLE[me.who.role] ?? [] }),
        scripts: ["/console/assets/app/invites.js"],
      }),
    );
  });

  // public: the invited person has no password yet
  r.get("/accept-invite", (ctx) => {
    page(
      ctx,
      shell({
        title: "设置密码",
        page: "accept-invite",
        viewer: null,
        body: acceptInviteBody(),
        scripts: ["/console/assets/app/accept.js"],
      }),
    );
  });
}
