import { describe, expect, it } from "vitest";
import { decideMove, isEditable } from "./workflow.ts";

const supervisor = { id: "s1", role: "FIRE_SUPERVISOR" as const };
const other = { id: "s2", role: "FIRE_SUPERVISOR" as const };
const admin = { id: "a1", role: "ADMIN" as const };

describe("editorial workflow policy", () => {
  it("moves draft -> in review -> published", () => {
    expect(decideMove(supervisor, "submit", { status: "DRAFT", submittedBy: null })).toEqual({
      ok: true,
      to: "IN_REVIEW",
    });
    expect(decideMove(other, "publish", { status: "IN_REVIEW", submittedBy: "s1" })).toEqual({
      ok: true,
      to: "PUBLISHED",
    });
  });

  it("needs a second editor to publish, except an administrator", () => {
    expect(decideMove(supervisor, "publish", { status: "IN_REVIEW", submittedBy: "s1" })).toEqual({
      ok: false,
      reason: "own_submission",
    });
    expect(decideMove({ ...admin, id: "s1" }, "publish", { status: "IN_REVIEW", submittedBy: "s1" })).toEqual({
      ok: true,
      to: "PUBLISHED",
    });
  });

  it("refuses moves from the wrong state, and rejection without a note", () => {
    expect(decideMove(admin, "publish", { status: "DRAFT", submittedBy: null })).toEqual({
      ok: false,
      reason: "wrong_state",
    });
    expect(decideMove(admin, "submit", { status: "PUBLISHED", submittedBy: "a1" })).toEqual({
      ok: false,
      reason: "wrong_state",
    });
    expect(decideMove(admin, "reject", { status: "IN_REVIEW", submittedBy: "s1" }, "  ")).toEqual({
      ok: false,
      reason: "note_required",
    });
    expect(decideMove(admin, "archive", { status: "PUBLISHED", submittedBy: "s1" })).toEqual({
      ok: true,
      to: "ARCHIVED",
    });
  });

  it("refuses anyone who is not an editor", () => {
    expect(
      decideMove({ id: "p1", role: "PROPERTY_MANAGER" }, "submit", { status: "DRAFT", submittedBy: null }),
    ).toEqual({ ok: false, reason: "not_editor" });
  });

  it("allows edits only to drafts and withdrawn content", () => {
    expect(["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"].filter((s) => isEditable(s as never))).toEqual([
      "DRAFT",
      "ARCHIVED",
    ]);
  });
});
