// Networked units (issue 14): the scoped register, one unit's whole file, registering and filling it in,
// and the file's documents. Thin: every scope and role rule lives in modules/units (a unit outside the
// caller's scope answers 404, never 403); the schemas here only bound what comes in.
import type Koa from "koa";
import { z } from "zod";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import {
  DOCUMENT_KIND_LABELS,
  FACILITY_LABELS,
  MAX_DOCUMENT_BYTES,
  ROLLOUT_STAGE_LABELS,
  SECTOR_LABELS,
  UNIT_CATEGORY_LABELS,
  type UnitFileInput,
  type UnitPatch,
} from "../../../modules/units/index.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const keys = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...string[]];
const categoryEnum = z.enum(keys(UNIT_CATEGORY_LABELS));
const sectorEnum = z.enum(keys(SECTOR_LABELS));
const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

/** One cell of a form: text, a number, yes/no, or cleared. The module checks each against its column. */
const cell = z.union([z.string().max(400), z.number().min(-1_000_000).max(10_000_000), z.boolean(), z.null()]);
const fields = <K extends string>(names: readonly K[]) =>
  z.strictObject(Object.fromEntries(names.map((k) => [k, cell.optional()])) as Record<K, z.ZodOptional<typeof cell>>);

const BASE_KEYS = [
  "name",
  "creditCode",
  "category",
  "keyUnit",
  "sector",
  "townshipId",
  "address",
  "latitude",
  "longitude",
  "phone",
  "controlRoomLocation",
  "controlRoomPhone",
  "hasAutoFireAlarm",
  "maintenanceCompanyId",
  "installerCompanyId",
  "confirmSec",
  "pilot",
] as const;
const lists = {
  buildings: z
    .array(fields(["name", "floorsAbove", "floorsBelow", "heightM", "areaM2", "use", "highRise", "yearBuilt"]))
    .max(100)
    .optional(),
  keyParts: z
    .array(fields(["name", "building", "floor", "description"]))
    .max(300)
    .optional(),
  facilities: z
    .array(fields(["kind", "count", "description", "maintenanceCompanyId", "installedOn"]))
    .max(Object.keys(FACILITY_LABELS).length)
    .optional(),
};
export const unitBody = fields(BASE_KEYS).extend(lists);

const company = z.object({ id: z.string(), name: z.string() }).nullable();
const unitSummary = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  keyUnit: z.boolean(),
  sector: z.string(),
  sectorLabel: z.string(),
  township: z.object({ id: z.string(), name: z.string() }),
  address: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  pilot: z.boolean(),
  hasAutoFireAlarm: z.boolean(),
  rolloutStage: z.string(),
  active: z.boolean(),
  buildings: z.number(),
  people: z.number(),
  devices: z.number(),
});
const unitFile = unitSummary.omit({ buildings: true, people: true, devices: true }).extend({
  phone: z.string().nullable(),
  controlRoom: z.object({ location: z.string().nullable(), phone: z.string().nullable() }),
  maintenanceCompany: company,
  installerCompany: company,
  confirm: z.object({ seconds: z.number(), source: z.string() }),
  rolloutStageAt: z.string().nullable(),
  buildings: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      floorsAbove: z.number(),
      floorsBelow: z.number(),
      heightM: z.number().nullable(),
      areaM2: z.number().nullable(),
      use: z.string().nullable(),
      highRise: z.boolean(),
      yearBuilt: z.number().nullable(),
    }),
  ),
  keyParts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      building: z.string().nullable(),
      floor: z.number().nullable(),
      description: z.string().nullable(),
    }),
  ),
  facilities: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      count: z.number(),
      description: z.string().nullable(),
      maintenanceCompany: company,
      installedOn: z.string().nullable(),
    }),
  ),
  people: z.array(
    z.object({ id: z.string(), name: z.string(), role: z.string(), phone: z.string(), active: z.boolean() }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      title: z.string(),
      contentType: z.string(),
      bytes: z.number(),
      at: z.string(),
    }),
  ),
});
const documentView = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  contentType: z.string(),
  bytes: z.number(),
  uploadedBy: z.string(),
  at: z.string(),
});

/** A raw upload up to `limit` bytes (the JSON body parser leaves non-JSON bodies alone). */
export async function readRawUpload(ctx: Koa.Context, limit: number, what: string): Promise<Buffer> {
  if (ctx.is("application/json", "multipart/*", "application/x-www-form-urlencoded", "text/*"))
    throw new AppError("VALIDATION_FAILED", `请直接上传${what}文件内容，不要用表单或 JSON`);
  const tooBig = `${what}文件不能超过 ${Math.round(limit / 1024 / 1024)} MB`;
  if (Number(ctx.get("content-length") || 0) > limit) throw new AppError("PAYLOAD_TOO_LARGE", tooBig);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE", tooBig);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const unitRoutes = [
  route({
    method: "get",
    path: "/api/units",
    summary:
      "Networked units in the caller's scope (own units, sector, service company, township or county), filtered by township, category, key-unit, sector, pilot and text (name, address, credit code); paged",
    tag: "units",
    access: ROLE_SETS.unitViewers,
    query: z.object({
      townshipId: id.optional(),
      category: categoryEnum.optional(),
      sector: sectorEnum.optional(),
      keyUnit: flag,
      pilot: flag,
      rolloutStage: z.enum(keys(ROLLOUT_STAGE_LABELS)).optional(),
      q: z.string().trim().max(40).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    response: z.object({ total: z.number(), items: z.array(unitSummary) }),
    handler: ({ services, principal, query }) =>
      services.units.units.list(principal, {
        ...query,
        category: query.category as UnitFileInput["category"] | undefined,
        sector: query.sector as never,
        rolloutStage: query.rolloutStage as never,
      }),
  }),
  route({
    method: "get",
    path: "/api/units/:id",
    summary:
      "One unit, one file: buildings, key parts, fire facilities, control room, people, service companies, documents, confirmation countdown (404 outside the caller's scope)",
    tag: "units",
    access: ROLE_SETS.unitViewers,
    params: z.object({ id }),
    response: unitFile,
    handler: ({ services, principal, params }) => services.units.units.get(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/units",
    summary:
      "Register a unit with its file (credit code check digit verified; a township coordinator in their own township only)",
    tag: "units",
    access: ROLE_SETS.unitRegistrars,
    body: unitBody,
    status: 201,
    response: unitFile,
    handler: ({ services, principal, body }) => services.units.units.create(principal, body as UnitFileInput),
  }),
  route({
    method: "patch",
    path: "/api/units/:id",
    summary:
      "Change a unit's file: registrars its basic facts, the unit's responsible person and manager the rest; a list given replaces the unit's list",
    tag: "units",
    access: ROLE_SETS.unitFileEditors,
    params: z.object({ id }),
    body: unitBody,
    response: unitFile,
    handler: ({ services, principal, params, body }) =>
      services.units.units.update(principal, params.id, body as UnitPatch),
  }),
  route({
    method: "get",
    path: "/api/units/:id/documents",
    summary: "The documents of a unit's file (emergency plan, drill records, test reports)",
    tag: "units",
    access: ROLE_SETS.unitViewers,
    params: z.object({ id }),
    response: z.object({ items: z.array(documentView) }),
    handler: async ({ services, principal, params }) => ({
      items: await services.units.documents.list(principal, params.id),
    }),
  }),
  route({
    method: "post",
    path: "/api/units/:id/documents",
    summary:
      "Add a document: raw PDF, Word (.docx), JPEG or PNG body (judged by content, at most 20 MB), ?kind=EMERGENCY_PLAN|DRILL|TEST_REPORT&title=",
    tag: "units",
    access: ROLE_SETS.unitFileEditors,
    params: z.object({ id }),
    query: z.object({
      kind: z.enum(keys(DOCUMENT_KIND_LABELS)),
      title: z.string().trim().min(1).max(60),
    }),
    rateLimit: "uploads",
    status: 201,
    response: documentView,
    handler: async ({ services, principal, params, query, ctx }) => {
      await services.units.scopes.assertUnit(principal, params.id); // out of scope: 404 before reading the upload
      const data = await readRawUpload(ctx, MAX_DOCUMENT_BYTES, "资料");
      return services.units.documents.add(principal, params.id, { kind: query.kind, title: query.title, data });
    },
  }),
  route({
    method: "get",
    path: "/api/units/:id/documents/:documentId",
    summary: "One document of a unit's file, as uploaded",
    tag: "units",
    access: ROLE_SETS.unitViewers,
    params: z.object({ id, documentId: id }),
    handler: async ({ services, principal, params, ctx }) => {
      const doc = await services.units.documents.read(principal, params.id, params.documentId);
      ctx.set("Cache-Control", "private, no-store");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = doc.contentType;
      ctx.attachment(doc.filename);
      ctx.body = doc.data;
      return undefined;
    },
  }),
  route({
    method: "delete",
    path: "/api/units/:id/documents/:documentId",
    summary: "Remove a document from a unit's file",
    tag: "units",
    access: ROLE_SETS.unitFileEditors,
    params: z.object({ id, documentId: id }),
    status: 204,
    handler: async ({ services, principal, params }) => {
      await services.units.documents.remove(principal, params.id, params.documentId);
    },
  }),
];
