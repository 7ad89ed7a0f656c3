export default definePageConfig({ navigationBarTitleText: "新建团体预约" });
