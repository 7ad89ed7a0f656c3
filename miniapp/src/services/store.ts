import { useSyncExternalStore } from "react";
import Taro from "@tarojs/taro";
import type { AlarmSummary, ResidentUser } from "@anxin/contract";

/** App-wide state shared by all pages (Taro renders each page separately, so no React context). */
export interface AppState {
  user: ResidentUser | null;
  elderlyMode: boolean;
  openAlarms: AlarmSummary[];
  /** the alarm the alarm screen shows first */
  focusAlarmId: string | null;
}

const ELDER_KEY = "anxin.elderlyMode";

function initialElderly(): boolean {
  try {
    return Taro.getStorageSync(ELDER_KEY) === true;
  } catch {
    return false;
  }
}

let state: AppState = { user: null, elderlyMode: initialElderly(), openAlarms: [], focusAlarmId: null };
const listeners = new Set<() => void>();

export function getState(): AppState {
  return state;
}

export function setState(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  if (patch.elderlyMode !== undefined) {
    try {
      Taro.setStorageSync(ELDER_KEY, patch.elderlyMode);
    } catch {
      /* storage full or unavailable: keep it in memory */
    }
  }
  listeners.forEach((l) => l());
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useAppState<T>(select: (s: AppState) => T): T {
  return useSyncExternalStore(
    subscribe,
    () => select(state),
    () => select(state),
  );
}

/** Tests only: start from a clean state. */
export function resetState(patch: Partial<AppState> = {}): void {
  state = { user: null, elderlyMode: false, openAlarms: [], focusAlarmId: null, ...patch };
  listeners.forEach((l) => l());
}
