import { Text } from '@tarojs/components'
import { Screen } from '@/components/Screen'

export default function Placeholder() {
  return (
    <Screen>
      <Text className='title'>pages/bind</Text>
    </Screen>
  )
}
