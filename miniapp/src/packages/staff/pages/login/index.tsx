import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text } from '@tarojs/components'
import { Screen } from '@/components/Screen'
import { staffApi } from '@/services/client'
import { errorText } from '@/services/errors'
import { ROUTES } from '@/services/session'

/** 物业人员登录 (username and password issued by the property company). */
export default function StaffLoginPage() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  async function submit() {
    if (!username.trim() || !password) {
      setError('请输入账号和密码')
      return
    }
    setBusy(true)
    setError('')
    try {
      await staffApi.staffLogin(username.trim(), password)
      await Taro.redirectTo({ url: ROUTES.staffAlarms })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen>
      <Text className='title'>物业人员登录</Text>
      <Text className='label'>账号</Text>
      <Input className='input' data-testid='staff-username' value={username} onInput={(e) => setUsername(e.detail.value)} />
      <Text className='label'>密码</Text>
      <Input className='input' password data-testid='staff-password' value={password} onInput={(e) => setPassword(e.detail.value)} />
      <Button className='btn btn-primary' disabled={busy || undefined} onClick={submit}>
        {busy ? '正在登录…' : '登录'}
      </Button>
      {error && <Text className='error'>{error}</Text>}
    </Screen>
  )
}
