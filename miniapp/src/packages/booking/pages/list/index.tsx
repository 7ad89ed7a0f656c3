import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Screen } from '@/components/Screen'
import { api } from '@/services/client'
import { errorText } from '@/services/errors'
import type { SessionSummary } from '@/services/types'

function day(date: string): string {
  const [, m, d] = date.split('-').map(Number)
  return m && d ? `${m}月${d}日` : date
}

/**
 * 消防体验预约: the experience centres' upcoming sessions (GET /api/sessions). Booking itself is not
 * in the mini-program yet; this subpackage keeps the page out of the main package.
 */
export default function BookingListPage() {
  const [items, setItems] = useState<SessionSummary[] | null>(null)
  const [error, setError] = useState('')

  useDidShow(() => {
    api
      .sessions()
      .then((r) => setItems(r.items.filter((s) => s.status === 'OPEN')))
      .catch((err) => setError(errorText(err)))
  })

  return (
    <Screen>
      <Text className='title'>消防体验预约</Text>
      <View className='card card-info'>
        <Text className='txt-lg block'>在线预约即将开放。下面是近两周体验中心的场次，可以先看看。</Text>
      </View>
      {error && <Text className='error'>{error}</Text>}
      {items === null && !error && <Text className='txt muted'>正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className='txt-lg block'>近两周没有可预约的场次</Text>}
      {items?.map((s) => (
        <View key={s.id} className='card' data-testid={`session-${s.id}`}>
          <Text className='txt-lg bold block'>{s.title}</Text>
          <Text className='txt block'>{`${day(s.date)} ${s.startTime}-${s.endTime}`}</Text>
          <Text className='txt block'>{s.centreName}</Text>
          <Text className='txt muted block'>{s.seatsLeft > 0 ? `还剩 ${s.seatsLeft} 个名额` : '已约满，可排队候补'}</Text>
        </View>
      ))}
    </Screen>
  )
}
