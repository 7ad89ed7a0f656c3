import Taro from "@tarojs/taro";
import { api, setAuthLostHandler } from "./client";
import { createAlarmWatcher } from "./alarmWatch";
import { isWeapp } from "./platform";
import { getState, setState } from "./store";
import type { AlarmSummary, ResidentUser } from "@anxin/contract";

export const ROUTES = {
  home: "/pages/home/index",
  alarm: "/pages/alarm/index",
  bind: "/pages/bind/index",
  me: "/pages/me/index",
  login: "/pages/login/index",
  device: "/pages/device/index",
  family: "/pages/family/index",
  alerts: "/pages/alerts/index",
  safety: "/pages/safety/index",
  hazardReport: "/pages/hazard-report/index",
  staffLogin: "/packages/staff/pages/login/index",
  staffAlarms: "/packages/staff/pages/alarms/index",
  staffInstall: "/packages/staff/pages/install/index",
  staffAccept: "/packages/staff/pages/accept/index",
  staffPatrol: "/packages/staff/pages/patrol/index",
  booking: "/packages/booking/pages/list/index",
} as const;

function currentRoute(): string {
  try {
    const pages = Taro.getCurrentPages();
    const top = pages[pages.length - 1];
    return top ? `/${String(top.route ?? "").replace(/^\//, "")}` : "";
  } catch {
    return "";
  }
}

/** Show the alarm screen now (called when a new alarm appears). */
export function openAlarmScreen(alarm: AlarmSummary): void {
  setState({ focusAlarmId: alarm.id });
  if (isWeapp) {
    Taro.vibrateLong().catch(() => undefined);
  }
  if (currentRoute() !== ROUTES.alarm) {
    Taro.switchTab({ url: ROUTES.alarm }).catch(() => undefined);
  }
}

export const alarmWatcher = createAlarmWatcher({
  fetchOpen: async () => (await api.alarms("open")).items,
  onList: (items) => setState({ openAlarms: items }),
  onNew: (fresh) => {
    const fire = fresh.find((a) => a.kind === "FIRE") ?? fresh[0];
    openAlarmScreen(fire);
  },
});

function applyUser(user: ResidentUser): void {
  setState({ user, elderlyMode: !!user.elderlyMode });
}

/** Sign in with a WeChat login code (weapp: from Taro.login; H5: "demo-h5:<name>"). */
export async function signInWithCode(code: string): Promise<ResidentUser> {
  const res = await api.wechatLogin(code);
  applyUser(res.user);
  alarmWatcher.reset();
  alarmWatcher.start();
  return res.user;
}

/** What was typed as an H5 sign-in code: a whole `demo-h5:...` code, or the part after it. */
export function demoCode(typed: string): string {
  const t = typed.trim();
  return t.startsWith("demo-h5:") ? t : `demo-h5:${t}`;
}

/** 登录: WeChat login in the mini-program; a demo code `demo-h5:<name>` in the browser. */
/** In WeChat, get a login code from wx.login and sign in with it. */
export async function signInWithWechat(): Promise<ResidentUser> {
  const { code } = await Taro.login();
  if (!code) throw new Error("wx.login gave no code");
  return signInWithCode(code);
}

/** Restore a stored session at launch; false when the resident must sign in. */
export async function restoreSession(): Promise<boolean> {
  if (!api.client.isSignedIn()) return false;
  try {
    const me = await api.me();
    if (me.kind !== "resident") return false;
    applyUser(me);
    return true;
  } catch {
    return api.client.isSignedIn();
  }
}

export function signOut(): void {
  alarmWatcher.stop();
  alarmWatcher.reset();
  void api.logout();
  setState({ user: null, openAlarms: [], focusAlarmId: null });
  Taro.reLaunch({ url: ROUTES.login }).catch(() => undefined);
}

/** Turn elderly mode on or off for this resident (saved on the server). */
export async function setElderlyMode(on: boolean): Promise<void> {
  const before = getState().elderlyMode;
  setState({ elderlyMode: on });
  try {
    const me = await api.updateMe({ elderlyMode: on });
    if (me && me.kind === "resident") applyUser(me);
  } catch (err) {
    setState({ elderlyMode: before });
    throw err;
  }
}

/** Sends the resident to sign in when redirecting is needed. Returns true if signed in. */
export function requireSignIn(): boolean {
  if (api.client.isSignedIn()) return true;
  Taro.reLaunch({ url: ROUTES.login }).catch(() => undefined);
  return false;
}

setAuthLostHandler(() => {
  alarmWatcher.stop();
  setState({ user: null, openAlarms: [] });
  Taro.reLaunch({ url: ROUTES.login }).catch(() => undefined);
});
