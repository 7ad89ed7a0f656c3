import Taro from '@tarojs/taro'
import { isWeapp } from './platform'

export type SubscribeResult = 'accepted' | 'rejected' | 'unsupported' | 'not_configured' | 'failed'

export function subscribeTemplateIds(): string[] {
  return typeof ANXIN_SUBSCRIBE_TEMPLATE_IDS !== 'undefined' && Array.isArray(ANXIN_SUBSCRIBE_TEMPLATE_IDS)
    ? ANXIN_SUBSCRIBE_TEMPLATE_IDS.slice(0, 3)
    : []
}

/** Subscribe messages exist only in WeChat; H5 skips the request. */
export const subscribeSupported = isWeapp

/**
 * Ask for one-time subscribe-message consent. WeChat only accepts this from a user's tap,
 * so call it straight from a button handler after explaining why.
 */
export async function requestAlarmSubscription(): Promise<SubscribeResult> {
  if (!subscribeSupported) return 'unsupported'
  const tmplIds = subscribeTemplateIds()
  if (tmplIds.length === 0) return 'not_configured'
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<
      string,
      string
    >
    return tmplIds.some((id) => res[id] === 'accept') ? 'accepted' : 'rejected'
  } catch {
    return 'failed'
  }
}
