// Documents of a unit's file (Order 61 art. 38-39): the emergency plan (灭火和应急疏散预案), drill records, test
// reports. An upload is judged by its content, not its name or Content-Type: a PDF, a Word document
// (.docx), or a JPEG/PNG scan. Files are stored under random names and served only through the API to
// callers who see the unit, never as a public URL. They are kept as uploaded (a plan is a legal record),
// which is why the size and the count per unit are bounded.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Prisma, StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { DOCUMENT_KIND_LABELS, type DocumentKind } from "./catalogue.ts";
import type { Caller, UnitScopes } from "./unit-scope.ts";
import { UNIT_FILE_EDITOR_ROLES } from "./unit-service.ts";

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_UNIT = 100;
export const MAX_TITLE_CHARS = 60;
const STORED = /^[a-f0-9]{24}$/;

export const DOCUMENT_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  jpg: "image/jpeg",
  png: "image/png",
} as const;
type Ext = keyof typeof DOCUMENT_TYPES;

const startsWith = (data: Buffer, bytes: number[]) => bytes.every((b, i) => data[i] === b);

/** What a file really is, from its first bytes (and, for Word, its zip entries' names). */
export function sniffDocument(data: Buffer): Ext | null {
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // "%PDF-" (ISO 32000-1 7.5.2)
  if (startsWith(data, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  // a .docx is a zip (local header "PK\3\4") holding word/document.xml; entry names are stored uncompressed
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) && data.includes("word/document.xml")) return "docx";
  return null;
}

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  kindLabel: string;
  title: string;
  contentType: string;
  bytes: number;
  uploadedBy: string;
  at: string;
}

function view(d: {
  id: string;
  kind: string;
  title: string;
  contentType: string;
  bytes: number;
  uploadedBy: string;
  at: Date;
}): DocumentView {
  return {
    id: d.id,
    kind: d.kind as DocumentKind,
    kindLabel: DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind,
    title: d.title,
    contentType: d.contentType,
    bytes: d.bytes,
    uploadedBy: d.uploadedBy,
    at: d.at.toISOString(),
  };
}

export class UnitDocuments {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    readonly dir: string,
    private readonly clock: Clock,
  ) {}

  private async assertEditor(c: Caller, unitId: string): Promise<string> {
    await this.scopes.assertUnit(c, unitId);
    const p = await this.scopes.principal(c);
    if (!(UNIT_FILE_EDITOR_ROLES as readonly StaffRole[]).includes(p.role as StaffRole))
      throw new AppError("FORBIDDEN", "没有权限修改该单位的档案");
    return `staff:${p.id}`;
  }

  async add(c: Caller, unitId: string, input: { kind: string; title: string; data: Buffer }): Promise<DocumentView> {
    return this.store(await this.assertEditor(c, unitId), unitId, input);
  }

  /**
   * Stores a document in a unit's file for another module that has checked the caller itself (a
   * maintenance company's test report, attached to the test it records): the same content and count rules.
   */
  async store(by: string, unitId: string, input: { kind: string; title: string; data: Buffer }): Promise<DocumentView> {
    if (!(input.kind in DOCUMENT_KIND_LABELS)) throw new AppError("VALIDATION_FAILED", "资料类别不对");
    const title = input.title.replace(/\s+/g, " ").trim();
    if (title.length < 1 || [...title].length > MAX_TITLE_CHARS)
      throw new AppError("VALIDATION_FAILED", `资料名称应为 1-${MAX_TITLE_CHARS} 个字`);
    if (input.data.length === 0) throw new AppError("VALIDATION_FAILED", "没有收到文件内容");
    if (input.data.length > MAX_DOCUMENT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "文件不能超过 20 MB");
    const ext = sniffDocument(input.data);
    if (!ext) throw new AppError("VALIDATION_FAILED", "请上传 PDF、Word（.docx）文件或 JPEG、PNG 图片");
    if ((await this.prisma.unitDocument.count({ where: { unitId } })) >= MAX_DOCUMENTS_PER_UNIT)
      throw new AppError("CONFLICT", `每个单位最多保存 ${MAX_DOCUMENTS_PER_UNIT} 份资料，请先删除旧的`);
    const key = randomBytes(12).toString("hex");
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file(key, ext), input.data, { mode: 0o600 });
    try {
      const row = await this.prisma.unitDocument.create({
        data: {
          unitId,
          kind: input.kind,
          title,
          path: `${key}.${ext}`,
          contentType: DOCUMENT_TYPES[ext],
          bytes: input.data.length,
          uploadedBy: by,
          at: this.clock.now(),
        },
      });
      return view(row);
    } catch (e) {
      await rm(this.file(key, ext), { force: true });
      throw e;
    }
  }

  async list(c: Caller, unitId: string): Promise<DocumentView[]> {
    await this.scopes.assertUnit(c, unitId);
    const rows = await this.prisma.unitDocument.findMany({ where: { unitId }, orderBy: { at: "desc" }, take: 500 });
    return rows.map(view);
  }

  /** The bytes of one document of a unit the caller sees, with a file name to download it under. */
  async read(
    c: Caller,
    unitId: string,
    documentId: string,
  ): Promise<{ data: Buffer; contentType: string; filename: string }> {
    await this.scopes.assertUnit(c, unitId);
    if (documentId.length > 64) throw new AppError("NOT_FOUND", "找不到该资料");
    const row = await this.prisma.unitDocument.findFirst({ where: { id: documentId, unitId } });
    const [key, ext] = (row?.path ?? "").split(".");
    if (!row || !key || !STORED.test(key) || !ext || !(ext in DOCUMENT_TYPES))
      throw new AppError("NOT_FOUND", "找不到该资料");
    try {
      const data = await readFile(this.file(key, ext as Ext));
      return { data, contentType: row.contentType, filename: `${row.title}.${ext}` };
    } catch {
      throw new AppError("NOT_FOUND", "找不到该资料");
    }
  }

  async remove(c: Caller, unitId: string, documentId: string): Promise<void> {
    await this.assertEditor(c, unitId);
    const row =
      documentId.length <= 64 ? await this.prisma.unitDocument.findFirst({ where: { id: documentId, unitId } }) : null;
    if (!row) throw new AppError("NOT_FOUND", "找不到该资料");
    await this.prisma.unitDocument.delete({ where: { id: row.id } });
    const [key, ext] = row.path.split(".");
    if (key && STORED.test(key) && ext && ext in DOCUMENT_TYPES) await rm(this.file(key, ext as Ext), { force: true });
  }

  private file(key: string, ext: Ext): string {
    return path.join(this.dir, `${key}.${ext}`);
  }
}
