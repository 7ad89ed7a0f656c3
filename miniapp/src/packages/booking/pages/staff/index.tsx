import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { Button, Input, Text } from '@tarojs/components'
import { Screen } from '@/components/Screen'
import { staffApi } from '@/services/client'
import { ApiError, errorText } from '@/services/errors'
import { BOOKING_ROUTES } from '../../lib/labels'
import { replace } from '../../lib/nav'

/** Where each role works in the booking subpackage. */
function homeOf(role: string): string | null {
  if (role === 'CENTRE_STAFF') return BOOKING_ROUTES.today
  if (role === 'TOWNSHIP_COORDINATOR') return BOOKING_ROUTES.groups
  return null
}

/**
 * 工作人员入口: centre staff (today's sessions, check-in) and township coordinators (group bookings)
 * sign in with the account the county issued; the same staff session as the property staff pages.
 */
export default function BookingStaffLoginPage() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  async function route(role: string) {
    const home = homeOf(role)
    if (home) replace(home)
    else setError('这个账号不是体验馆工作人员或乡镇协调员，请换一个账号登录')
  }

  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) return
    staffApi
      .me()
      .then((me) => (me.kind === 'staff' && homeOf(me.role) ? route(me.role) : undefined))
      .catch((err) => {
        if (err instanceof ApiError && err.status === 401) staffApi.client.signOut()
      })
  })

  async function submit() {
    if (!username.trim() || !password) {
      setError('请输入账号和密码')
      return
    }
    setBusy(true)
    setError('')
    try {
      const res = await staffApi.staffLogin(username.trim(), password)
      await route(res.user.role)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen>
      <Text className='title'>工作人员登录</Text>
      <Text className='txt muted block mb'>体验馆工作人员签到用；乡镇协调员做团体预约用。</Text>
      <Text className='label'>账号</Text>
      <Input className='input' data-testid='input-staff-username' value={username} onInput={(e) => setUsername(e.detail.value)} />
      <Text className='label'>密码</Text>
      <Input className='input' password data-testid='input-staff-password' value={password} onInput={(e) => setPassword(e.detail.value)} />
      <Button className='btn btn-primary' disabled={busy || undefined} onClick={submit}>
        {busy ? '正在登录…' : '登录'}
      </Button>
      {error && <Text className='error'>{error}</Text>}
    </Screen>
  )
}
