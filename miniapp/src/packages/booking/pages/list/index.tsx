import { Text, View } from '@tarojs/components'
import { Screen } from '@/components/Screen'

/** Placeholder list of the fire-safety experience centre's sessions (booking comes later). */
const SESSIONS = [
  { id: 's1', title: '家庭火灾逃生体验', place: '县消防科普教育馆', note: '约40分钟，适合全家' },
  { id: 's2', title: '灭火器和灭火毯使用', place: '县消防科普教育馆', note: '约30分钟，现场实操' },
  { id: 's3', title: '长辈防火安全课', place: '社区活动室（流动课堂）', note: '约30分钟，大字讲义' },
]

export default function BookingListPage() {
  return (
    <Screen>
      <Text className='title'>消防体验预约</Text>
      <View className='card card-info'>
        <Text className='txt-lg block'>在线预约即将开放。下面是体验中心的课程，届时可在这里选择场次。</Text>
      </View>
      {SESSIONS.map((s) => (
        <View key={s.id} className='card'>
          <Text className='txt-lg bold block'>{s.title}</Text>
          <Text className='txt block'>{s.place}</Text>
          <Text className='txt muted block'>{s.note}</Text>
        </View>
      ))}
    </Screen>
  )
}
