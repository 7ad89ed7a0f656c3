import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { Screen } from '@/components/Screen'
import { staffApi } from '@/services/client'
import { ApiError, errorText } from '@/services/errors'
import { ALARM_STATUS_LABEL, RESOLUTION_LABEL, deviceLabel, formatTime, kindLabel, timeAgo } from '@/services/format'
import { ROUTES } from '@/services/session'
import type { AlarmResolution, AlarmSummary } from '@/services/types'

const RESOLUTIONS: AlarmResolution[] = ['REAL_FIRE', 'FALSE_ALARM', 'TEST', 'DEVICE_FAULT']

/** 物业：我的小区的报警. Acknowledge and resolve. */
export default function StaffAlarmsPage() {
  const [items, setItems] = useState<AlarmSummary[] | null>(null)
  const [resolving, setResolving] = useState<string | null>(null)
  const [visible, setVisible] = useState(true)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')

  const load = useCallback(async () => {
    try {
      setItems((await staffApi.alarms('open')).items)
      setError('')
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        staffApi.client.signOut()
        void Taro.redirectTo({ url: ROUTES.staffLogin })
        return
      }
      setError(errorText(err))
    }
  }, [])

  useDidShow(() => {
    setVisible(true)
    if (!staffApi.client.isSignedIn()) {
      void Taro.redirectTo({ url: ROUTES.staffLogin })
      return
    }
    void load()
  })
  useDidHide(() => setVisible(false))

  useEffect(() => {
    if (!visible) return undefined
    const t = setInterval(() => void load(), 2000)
    return () => clearInterval(t)
  }, [visible, load])

  async function run(fn: () => Promise<unknown>, done: string) {
    setError('')
    try {
      await fn()
      setNotice(done)
      setResolving(null)
      await load()
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <Screen>
      <Text className='title'>小区报警</Text>
      <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: ROUTES.staffInstall })}>
        扫码安装设备
      </Button>
      {notice && <Text className='notice'>{notice}</Text>}
      {error && <Text className='error'>{error}</Text>}
      {items !== null && items.length === 0 && <Text className='txt-lg ok-text block'>现在没有未处理的报警</Text>}
      {items?.map((a) => (
        <View key={a.id} className={`card ${a.kind === 'FIRE' ? 'card-danger' : ''}`} data-testid={`staff-alarm-${a.id}`}>
          <Text className='txt-lg bold block'>{`${kindLabel(a.kind)}（${ALARM_STATUS_LABEL[a.status] ?? a.status}）`}</Text>
          {a.address && <Text className='txt-lg block'>{a.address}</Text>}
          <Text className='txt block'>{deviceLabel(a.device)}</Text>
          <Text className='txt muted block mb'>{`${formatTime(a.startedAt)}（${timeAgo(a.startedAt)}）`}</Text>
          {a.status === 'ACTIVE' && (
            <Button className='btn btn-ok' onClick={() => run(() => staffApi.ackAlarm(a.id), '已确认，正在处理')}>
              确认处理
            </Button>
          )}
          {resolving === a.id ? (
            <View>
              {RESOLUTIONS.map((r) => (
                <Button
                  key={r}
                  className='btn'
                  onClick={() => run(() => staffApi.resolveAlarm(a.id, { resolution: r }), `已结束：${RESOLUTION_LABEL[r]}`)}
                >
                  {RESOLUTION_LABEL[r]}
                </Button>
              ))}
              <Button className='btn' onClick={() => setResolving(null)}>
                返回
              </Button>
            </View>
          ) : (
            <Button className='btn' onClick={() => setResolving(a.id)}>
              结束报警
            </Button>
          )}
        </View>
      ))}
      <Button
        className='btn mt'
        onClick={() => {
          staffApi.client.signOut()
          void Taro.redirectTo({ url: ROUTES.staffLogin })
        }}
      >
        退出物业账号
      </Button>
    </Screen>
  )
}
