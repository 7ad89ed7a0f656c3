// The console's roll-out pages (issue 19 part A), mounted on the operations router: /console/rollout (推进计划),
// /console/acceptance (the list and, for an installer, the submission), /console/acceptance/:id (one
// acceptance with the actions the caller may take) and /console/acceptance/:id/record (printable record).
// Every figure comes from the rollout services with the caller's scope: another unit's acceptance is a 404.
import type Router from "@koa/router";
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import type { Principal } from "../../../api/src/modules/auth/principal.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import {
  ACCEPTOR_ROLES,
  CONFIRMER_ROLES,
  PILOT_EDITOR_ROLES,
  PROGRAMME_EDITOR_ROLES,
  STAGE_EDITOR_ROLES,
  SUBMITTER_ROLES,
} from "../../../api/src/modules/rollout/index.ts";
import { shell, type ConsolePage, type Viewer } from "./shell.ts";
import {
  acceptanceBody,
  acceptanceRecordBody,
  acceptancesBody,
  programmeBody,
  subjectBody,
  type SubmitTarget,
} from "./pages/rollout.ts";

const has = (list: readonly string[], v: string) => list.includes(v);
const SCRIPT = "/console/assets/app/rollout.js";

export function addRolloutPages(
  r: Router,
  services: Services,
  staff: (ctx: Koa.Context, key: ConsolePage) => Promise<{ who: Principal; viewer: Viewer } | null>,
  page: (ctx: Koa.Context, body: string) => void,
): void {
  const rollout = services.rollout;

  r.get("/rollout", async (ctx) => {
    const me = await staff(ctx, "rollout");
    if (!me) return;
    const o = await rollout.programme.overview(me.who);
    page(
      ctx,
      shell({
        title: "推进计划",
        page: "rollout",
        viewer: me.viewer,
        body: programmeBody(o, { canEditPhases: has(PROGRAMME_EDITOR_ROLES, me.who.role) }),
        scripts: [SCRIPT],
      }),
    );
  });

  r.get("/rollout/:subject/:id", async (ctx) => {
    const me = await staff(ctx, "rollout");
    if (!me) return;
    const subject = ctx.params.subject === "UNIT" ? "UNIT" : ctx.params.subject === "BUILDING" ? "BUILDING" : null;
    const id = String(ctx.params.id ?? "");
    if (!subject || id.length > 64) throw new AppError("NOT_FOUND", "找不到该对象");
    const h = await rollout.programme.history(me.who, subject, id); // out of scope: 404
    let pilot: Parameters<typeof subjectBody>[1]["pilot"] = null;
    if (subject === "UNIT") {
      const u = await services.units.units.get(me.who, id);
      const o = u.pilot ? await rollout.programme.overview(me.who) : null;
      pilot = { pilot: u.pilot, demonstrations: o?.pilots.find((p) => p.id === id)?.demonstrations ?? [] };
    }
    page(
      ctx,
      shell({
        title: `推进情况：${h.name}`,
        page: "rollout",
        viewer: me.viewer,
        body: subjectBody(h, {
          canEdit: has(STAGE_EDITOR_ROLES, me.who.role),
          pilot,
          canPilot: has(PILOT_EDITOR_ROLES, me.who.role),
        }),
        scripts: [SCRIPT],
      }),
    );
  });

  r.get("/acceptance", async (ctx) => {
    const me = await staff(ctx, "acceptance");
    if (!me) return;
    const list = await rollout.acceptance.list(me.who);
    let targets: SubmitTarget[] | null = null;
    if (has(SUBMITTER_ROLES, me.who.role)) {
      // what is being installed and has no submission waiting for the others
      const o = await rollout.programme.overview(me.who);
      const waiting = new Set(
        list.filter((a) => a.status === "SUBMITTED" || a.status === "UNIT_CONFIRMED").map((a) => a.subjectId),
      );
      const ready = (s: string) => s === "INSTALLING" || s === "INSTALLED";
      targets = [
        ...o.unitList
          .filter((u) => ready(u.stage) && !waiting.has(u.id))
          .map((u) => ({ value: `UNIT:${u.id}`, label: `${u.name}（联网单位）` })),
        ...o.buildingList
          .filter((b) => ready(b.stage) && !waiting.has(b.id))
          .map((b) => ({ value: `BUILDING:${b.id}`, label: `${b.community} ${b.name}（老旧高层）` })),
      ];
    }
    page(
      ctx,
      shell({
        title: "验收",
        page: "acceptance",
        viewer: me.viewer,
        body: acceptancesBody(list, { targets }),
        scripts: [SCRIPT],
      }),
    );
  });

  const one = async (ctx: Koa.Context, who: Principal) => {
    const id = String(ctx.params.id ?? "");
    if (id.length > 64) throw new AppError("NOT_FOUND", "找不到该验收");
    return rollout.acceptance.get(who, id); // out of scope: 404
  };

  r.get("/acceptance/:id", async (ctx) => {
    const me = await staff(ctx, "acceptance");
    if (!me) return;
    const a = await one(ctx, me.who);
    page(
      ctx,
      shell({
        title: `验收：${a.subjectName}`,
        page: "acceptance",
        viewer: me.viewer,
        body: acceptanceBody(a, {
          resubmit: has(SUBMITTER_ROLES, me.who.role),
          confirm: has(CONFIRMER_ROLES, me.who.role),
          decide: has(ACCEPTOR_ROLES, me.who.role),
        }),
        scripts: [SCRIPT],
      }),
    );
  });

  r.get("/acceptance/:id/record", async (ctx) => {
    const me = await staff(ctx, "acceptance");
    if (!me) return;
    const a = await one(ctx, me.who);
    page(
      ctx,
      shell({
        title: "消防物联网监测设备安装验收记录",
        page: "acceptance",
        viewer: me.viewer,
        body: acceptanceRecordBody(a),
        scripts: [SCRIPT],
      }),
    );
  });
}
