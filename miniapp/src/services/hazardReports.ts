// 隐患随手拍's calls (api: /api/hazard-reports, issue 18), on the resident session.
import { residentClient } from "@/services/client";
import type { PickedPhoto } from "@/services/photo";

export interface HazardReport {
  id: string;
  community: string;
  place: string;
  description: string;
  /** 已受理 / 整改中 / 已整改 */
  status: string;
  createdAt: string;
}

const enc = encodeURIComponent;

export const hazardReportApi = {
  mine: () => residentClient.request<{ items: HazardReport[] }>("GET", "/api/hazard-reports"),
  uploadPhoto: (householdId: string, photo: PickedPhoto) =>
    residentClient.request<{ id: string; url: string }>(
      "POST",
      `/api/hazard-reports/photos?householdId=${enc(householdId)}`,
      photo.bytes,
      { contentType: photo.type },
    ),
  report: (body: { householdId: string; place: string; description: string; photoIds: string[] }) =>
    residentClient.request<{ id: string }>("POST", "/api/hazard-reports", body),
};
