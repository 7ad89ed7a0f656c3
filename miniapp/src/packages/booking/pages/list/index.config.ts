export default definePageConfig({ navigationBarTitleText: '消防体验预约' })
