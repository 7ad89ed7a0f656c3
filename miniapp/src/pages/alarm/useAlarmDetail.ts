import { useCallback, useState } from "react";
import { usePolling } from "@/hooks/usePolling";
import { api } from "@/services/client";
import type { AlarmDetail } from "@anxin/contract";

const DETAIL_REFRESH_MS = 3000;

/**
 * The details of the alarm on screen (who was told, the next escalation step, the smoke now), renewed every
 * 3 s while the page is visible. `stale` says the last renewal failed, so the screen can say it may be old.
 */
export function useAlarmDetail(alarmId: string | null, visible: boolean) {
  const [detail, setDetail] = useState<AlarmDetail | null>(null);
  const [stale, setStale] = useState(false);

  const load = useCallback(async () => {
    if (!alarmId) return;
    try {
      const d = await api.alarm(alarmId);
      setDetail(d);
      setStale(false);
    } catch {
      setStale(true);
    }
  }, [alarmId]);

  usePolling(load, DETAIL_REFRESH_MS, visible && !!alarmId);

  return { detail: detail && detail.id === alarmId ? detail : null, lastDetail: detail, stale, reload: load };
}
