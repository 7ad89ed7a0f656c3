import Taro from "@tarojs/taro";
import { api } from "./client";
import { isWeapp } from "./platform";
import type { NotificationTemplatesResponse } from "@anxin/contract";

export type SubscribeResult = "accepted" | "rejected" | "unsupported" | "not_configured" | "failed";
export type SubscribeTopic = keyof NotificationTemplatesResponse;

/** Subscribe messages exist only in WeChat; H5 skips the request. */
export const subscribeSupported = isWeapp;

let templates: Promise<NotificationTemplatesResponse | null> | null = null;

/**
 * The template ids come from the API (GET /api/notifications/templates), the same ids it sends with.
 * Load them before the resident taps: WeChat only accepts requestSubscribeMessage inside a tap.
 */
export function loadTemplates(): Promise<NotificationTemplatesResponse | null> {
  if (!templates) {
    templates = api.notificationTemplates().catch(() => {
      templates = null;
      return null;
    });
  }
  return templates;
}

/** Tests only. */
export function resetTemplates(): void {
  templates = null;
}

/**
 * Ask for one-time subscribe-message consent for these template ids (call it straight from a tap,
 * after explaining why), then tell the API what was accepted so it may send that many messages.
 */
export async function requestSubscription(tmplIds: string[]): Promise<SubscribeResult> {
  if (!subscribeSupported) return "unsupported";
  const ids = tmplIds.filter(Boolean).slice(0, 3);
  if (ids.length === 0) return "not_configured";
  let res: Record<string, string>;
  try {
    res = (await Taro.requestSubscribeMessage({
      tmplIds: ids,
    } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
  } catch {
    return "failed";
  }
  const accepted = ids.filter((id) => res[id] === "accept");
  if (accepted.length === 0) return "rejected";
  try {
    await api.recordSubscriptions(accepted);
  } catch {
    return "failed";
  }
  return "accepted";
}
