import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { Screen } from '@/components/Screen'
import { errorText } from '@/services/errors'
import { isWeapp } from '@/services/platform'
import { ROUTES, signInWithCode, signInWithWechat } from '@/services/session'

const DEMO_NAMES = ['张阿姨', '李大爷', '王女士']

/** 登录: WeChat login in the mini-program; a demo code `demo-h5:<name>` in the browser. */
export default function LoginPage() {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  async function run(fn: () => Promise<unknown>) {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      await fn()
      await Taro.switchTab({ url: ROUTES.home })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const demo = (n: string) => {
    const clean = n.trim()
    if (!clean) {
      setError('请输入您的称呼')
      return
    }
    void run(() => signInWithCode(`demo-h5:${clean}`))
  }

  return (
    <Screen>
      <View className='center mb'>
        <Text className='txt-xxl bold danger-text block'>安心消防</Text>
        <Text className='txt-lg block'>家里报警器有情况，第一时间告诉您和家人</Text>
      </View>

      {isWeapp ? (
        <Button className='btn btn-primary' disabled={busy} onClick={() => void run(signInWithWechat)}>
          {busy ? '正在登录…' : '微信一键登录'}
        </Button>
      ) : (
        <View data-testid='demo-login'>
          <Text className='txt muted block mb'>网页体验版：不用微信，输入一个称呼就能登录。</Text>
          <Text className='label'>您的称呼</Text>
          <Input
            className='input'
            value={name}
            placeholder='例如 张阿姨'
            onInput={(e) => setName(e.detail.value)}
            data-testid='input-demo-name'
          />
          <Button className='btn btn-primary' disabled={busy} onClick={() => demo(name)}>
            {busy ? '正在登录…' : '登录'}
          </Button>
          <Text className='label'>或者直接选一个演示账号</Text>
          <View className='chips'>
            {DEMO_NAMES.map((n) => (
              <Text key={n} className='chip' onClick={() => demo(n)}>
                {n}
              </Text>
            ))}
          </View>
        </View>
      )}

      {error && <Text className='error'>{error}</Text>}

      <Button className='btn mt' onClick={() => Taro.navigateTo({ url: ROUTES.staffLogin })}>
        物业人员登录
      </Button>
    </Screen>
  )
}
