// Networked units (issue 14): the scoped register, one unit's whole file, registering and filling it in,
// and the file's documents. Thin: every scope and role rule lives in modules/units (a unit outside the
// caller's scope answers 404, never 403); the schemas (api/src/contract/units.ts) only bound what comes in.
import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { MAX_DOCUMENT_BYTES, type UnitFileInput, type UnitPatch } from "../../../modules/units/index.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import {
  unitBody,
  unitDocument,
  unitDocumentList,
  unitDocumentParams,
  unitDocumentQuery,
  unitFile,
  unitIdParams,
  unitList,
  unitListQuery,
} from "../../../contract/units.ts";

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
      "Networked units in the caller's scope (own units, sector, service company, township or county), filtered by township, category, key-unit, sector, pilot, automatic fire alarm system, roll-out stage and text (name, address, credit code); paged",
    tag: "units",
    access: ROLE_SETS.unitViewers,
    query: unitListQuery,
    response: unitList,
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
    params: unitIdParams,
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
    params: unitIdParams,
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
    params: unitIdParams,
    response: unitDocumentList,
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
    params: unitIdParams,
    query: unitDocumentQuery,
    rateLimit: "uploads",
    status: 201,
    response: unitDocument,
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
    params: unitDocumentParams,
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
    params: unitDocumentParams,
    status: 204,
    handler: async ({ services, principal, params }) => {
      await services.units.documents.remove(principal, params.id, params.documentId);
    },
  }),
];
