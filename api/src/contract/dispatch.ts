// The monthly dispatch's (每月调度) plain values: the names of a talk's or commendation's subject, and who may
// write talks and commendations. It imports only the contract's role table, so the console's screen takes
// them as values and shows the forms to exactly the roles the service lets write.
import { ROLE_SETS } from "./roles.ts";

export const DISPATCH_SUBJECT_LABEL = {
  UNIT: "单位",
  BUILDING: "老旧高层楼栋",
  COMMUNITY: "小区",
  TOWNSHIP: "乡镇/街道",
} as const;

/** Who may write talks and commendations: the leading group's office, the supervisor, admins. */
export const DISPATCH_WRITERS = ROLE_SETS.programmeEditors;
