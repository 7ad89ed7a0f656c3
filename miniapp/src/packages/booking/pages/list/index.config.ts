export default definePageConfig({ navigationBarTitleText: "体验馆预约" });
