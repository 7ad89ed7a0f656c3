// The patrol screen's calls (api: /api/inspection, issue 18), on the staff session.
import { staffClient } from "@/services/client";

export interface PatrolCheckpoint {
  id: string;
  name: string;
  checklist: string[];
  done: boolean;
}

export interface PatrolPlan {
  id: string;
  name: string;
  unit: { id: string; name: string };
  slot: { start: string; due: string; late: boolean } | null;
  roundStatus: string | null;
  checkpoints: PatrolCheckpoint[];
}

export interface CheckResponse {
  roundId: string;
  checked: number;
  total: number;
  complete: boolean;
  hazardId: string | null;
  late: boolean;
}

const enc = encodeURIComponent;

export const inspectionApi = {
  myPlans: () => staffClient.request<{ items: PatrolPlan[] }>("GET", "/api/inspection/my-plans"),
  uploadPhoto: (unitId: string, photo: { bytes: ArrayBuffer; type: string }) =>
    staffClient.request<{ id: string; url: string }>(
      "POST",
      unitId.startsWith("community:")
        ? `/api/inspection/photos?communityId=${enc(unitId.slice(10))}`
        : `/api/inspection/photos?unitId=${enc(unitId)}`,
      photo.bytes,
      {
        contentType: photo.type,
      },
    ),
  check: (
    planId: string,
    body: { code: string; results: { item: string; ok: boolean }[]; note?: string; photoIds: string[] },
  ) => staffClient.request<CheckResponse>("POST", `/api/inspection/plans/${enc(planId)}/checks`, body),
};

/** Which checkpoint a label's code names (AXCP1.<checkpoint>.<unit>.<issue>.<mac>); the server checks the rest. */
export function checkpointOfCode(code: string): string | null {
  const parts = code.trim().split(".");
  return parts.length === 5 && parts[0] === "AXCP1" ? parts[1] : null;
}
