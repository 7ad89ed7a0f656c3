export default definePageConfig({ navigationBarTitleText: "安心消防", enablePullDownRefresh: true });
