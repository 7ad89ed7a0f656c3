export default definePageConfig({ navigationBarTitleText: "今日场次" });
