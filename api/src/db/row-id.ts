// A new row's id where a statement is written by hand instead of through Prisma (prepared writes, imports).
import { randomBytes } from "node:crypto";

/** A new row id, like Prisma's cuid(): 25 lowercase characters starting with "c", unguessable. */
export function newRowId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}
