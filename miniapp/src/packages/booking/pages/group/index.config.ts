export default definePageConfig({ navigationBarTitleText: "团体预约详情" });
