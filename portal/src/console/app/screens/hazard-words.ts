// Words and dates the hazard screens share.
import { countyMinute } from "../../../../../api/src/contract/county-time.ts";

export const when = countyMinute;

export interface HazardItem {
  id: string;
  unit: { id: string; name: string } | null;
  community: { id: string; name: string } | null;
  place: string;
  description: string;
  severity: string;
  severityLabel: string;
  sourceLabel: string;
  status: string;
  statusLabel: string;
  overdue: boolean;
  assignee: { id: string; name: string } | null;
  deadline: string | null;
  interimMeasures: string | null;
  fixedBy: string | null;
  fixedAt: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  createdAt: string;
}
