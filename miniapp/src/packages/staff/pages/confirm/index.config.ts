export default definePageConfig({ navigationBarTitleText: "火警确认" });
