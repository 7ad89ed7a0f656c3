import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { requestAlarmSubscription, subscribeSupported, type SubscribeResult } from '@/services/subscribe'

const RESULT_TEXT: Record<SubscribeResult, string> = {
  accepted: '已开启，下次报警会发微信提醒给您。',
  rejected: '您没有同意。报警时我们仍会发短信、打电话通知您和紧急联系人。',
  unsupported: '',
  not_configured: '提醒模板还没有配置，暂时不能开启微信提醒。',
  failed: '没有开启成功，请稍后再试。',
}

/**
 * Explains why we ask, then asks for subscribe-message consent on the resident's tap
 * (WeChat only; in H5 nothing is shown).
 */
export function SubscribePrompt(props: { reason: string }) {
  const [result, setResult] = useState<SubscribeResult | null>(null)
  if (!subscribeSupported) return null
  return (
    <View className='card card-info' data-testid='subscribe-prompt'>
      <Text className='txt-lg bold block'>开启微信报警提醒</Text>
      <Text className='txt block'>{props.reason}</Text>
      <Text className='txt muted block'>微信规定：每条提醒都需要您点一次“允许”。点得越多，能收到的提醒越多。</Text>
      {result ? (
        <Text className='txt block' data-testid='subscribe-result'>
          {RESULT_TEXT[result]}
        </Text>
      ) : (
        <Button className='btn btn-primary' onClick={async () => setResult(await requestAlarmSubscription())}>
          开启报警提醒
        </Button>
      )}
    </View>
  )
}
