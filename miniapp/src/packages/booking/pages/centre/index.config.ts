export default definePageConfig({ navigationBarTitleText: "场次日历" });
