/**
 * "Who was told" on the resident's alarm screen, in plain words (issue 22, item 9): one line per person,
 * by name, how we reached them (微信, 短信, 电话) and whether it arrived. Internal channels (the property
 * company's duty screen) are not shown as such: the property company is "物业", told or being told.
 */
import type { Tone } from "./format";
import type { AlarmNotification } from "@anxin/contract";
import { NOTIFICATION_CHANNEL_LABEL } from "@anxin/contract/labels";

export interface ToldLine {
  /** "您", "王女士（女儿）", "物业" */
  who: string;
  /** "短信、电话", or "" when only internal channels were used */
  how: string;
  /** "已收到", "已发出", "正在通知", "没有联系上", "不用再通知了" */
  state: string;
  tone: Tone;
  /** when the provider confirmed the last delivery to this person (the API's deliveredAt), else null */
  deliveredAt: string | null;
}

/** The channels a resident is told by, in the contract's words (the staff's duty screen and 119 are not shown). */
const HOW: Record<string, string> = {
  WECHAT: NOTIFICATION_CHANNEL_LABEL.WECHAT,
  SMS: NOTIFICATION_CHANNEL_LABEL.SMS,
  VOICE: NOTIFICATION_CHANNEL_LABEL.VOICE,
};
const RANK: Record<string, number> = { DELIVERED: 4, SENT: 3, SENDING: 2, QUEUED: 1, FAILED: 0, CANCELLED: -1 };

/** The name of a recipient ("resident:<id>", "staff:<id>", "contact:<id>") as the resident reads it. */
export function personName(ref: string, names: Record<string, string>, meId?: string): string {
  const [kind, id = ""] = ref.split(":");
  if (kind === "resident" && meId && id === meId) return "您";
  if (kind === "staff") return "物业";
  return names[ref] ?? (kind === "contact" ? "紧急联系人" : kind === "resident" ? "家人" : "有关人员");
}

/** The recipients' names the API sent with the notifications ("resident:<id>" -> "张阿姨"). */
export function namesOf(notifications: AlarmNotification[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of notifications) if (n.recipientName) out[n.recipient] = n.recipientName;
  return out;
}

function stateOf(statuses: string[]): { state: string; tone: Tone } {
  const best = statuses.map((s) => s.toUpperCase()).sort((a, b) => (RANK[b] ?? 0) - (RANK[a] ?? 0))[0] ?? "";
  if (best === "DELIVERED") return { state: "已收到", tone: "ok" };
  if (best === "SENT") return { state: "已发出", tone: "ok" };
  if (best === "SENDING" || best === "QUEUED") return { state: "正在通知", tone: "muted" };
  if (best === "CANCELLED") return { state: "不用再通知了", tone: "muted" };
  return { state: "没有联系上", tone: "warn" };
}

/** One line per person told (all property staff together as "物业"), in the order they were first told. */
export function whoWasTold(notifications: AlarmNotification[], meId?: string): ToldLine[] {
  const names = namesOf(notifications);
  const groups = new Map<string, { channels: Set<string>; statuses: string[]; deliveredAt: string | null }>();
  for (const n of notifications) {
    const who = personName(n.recipient, names, meId);
    const g = groups.get(who) ?? { channels: new Set<string>(), statuses: [], deliveredAt: null };
    const how = HOW[n.channel.toUpperCase()];
    if (how) g.channels.add(how);
    g.statuses.push(n.status);
    if (n.deliveredAt && (!g.deliveredAt || n.deliveredAt > g.deliveredAt)) g.deliveredAt = n.deliveredAt;
    groups.set(who, g);
  }
  return [...groups].map(([who, g]) => ({
    who,
    how: [...g.channels].join("、"),
    ...stateOf(g.statuses),
    deliveredAt: g.deliveredAt,
  }));
}

/** "王女士（女儿）：短信、电话，已收到" */
export function toldText(l: ToldLine): string {
  return `${l.who}：${l.how ? `${l.how}，` : ""}${l.state}`;
}
