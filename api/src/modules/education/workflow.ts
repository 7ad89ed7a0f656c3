// The editorial workflow, as a pure policy: which action moves content from which state to which, and who
// may take it. Facts reach elderly readers unchecked otherwise, so publishing needs a second pair of eyes:
// a fire supervisor cannot approve what they themselves sent for review; an administrator can (the county
// has few editors, and someone must be able to publish an urgent warning alone).
import type { ContentStatus, StaffRole } from "../../db/client.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

export const EDITOR_ROLES = ROLE_SETS.county;
export type EditorRole = (typeof EDITOR_ROLES)[number];

export { WORKFLOW_ACTIONS, type WorkflowAction } from "../../contract/education.ts";
import type { WorkflowAction } from "../../contract/education.ts";

export interface Editor {
  id: string;
  role: StaffRole;
}

const MOVES: Record<WorkflowAction, { from: readonly ContentStatus[]; to: ContentStatus }> = {
  submit: { from: ["DRAFT", "ARCHIVED"], to: "IN_REVIEW" }, // 提交审核
  publish: { from: ["IN_REVIEW"], to: "PUBLISHED" }, // 审核通过并发布
  reject: { from: ["IN_REVIEW"], to: "DRAFT" }, // 退回修改 (with a note saying why)
  archive: { from: ["PUBLISHED", "IN_REVIEW"], to: "ARCHIVED" }, // 下线
};

export function isEditor(role: StaffRole | "RESIDENT"): role is EditorRole {
  return (EDITOR_ROLES as readonly string[]).includes(role);
}

/** Content is edited only while nobody is reviewing it and it is not public: review sees a fixed text. */
export function isEditable(status: ContentStatus): boolean {
  return status === "DRAFT" || status === "ARCHIVED";
}

export type MoveVerdict =
  | { ok: true; to: ContentStatus }
  | { ok: false; reason: "not_editor" | "wrong_state" | "own_submission" | "note_required" };

export function decideMove(
  editor: Editor,
  action: WorkflowAction,
  item: { status: ContentStatus; submittedBy: string | null },
  note?: string,
): MoveVerdict {
  if (!isEditor(editor.role)) return { ok: false, reason: "not_editor" };
  const move = MOVES[action];
  if (!move.from.includes(item.status)) return { ok: false, reason: "wrong_state" };
  if (action === "publish" && editor.role !== "ADMIN" && item.submittedBy === editor.id)
    return { ok: false, reason: "own_submission" };
  if (action === "reject" && !note?.trim()) return { ok: false, reason: "note_required" };
  return { ok: true, to: move.to };
}

export const MOVE_REFUSALS: Record<Exclude<MoveVerdict, { ok: true }>["reason"], string> = {
  not_editor: "只有消防救援大队编辑或系统管理员可以管理科普内容",
  wrong_state: "内容当前的状态不能执行这个操作",
  own_submission: "不能审核发布自己提交的内容，请由另一位编辑审核",
  note_required: "退回时请写明需要修改的地方",
};
