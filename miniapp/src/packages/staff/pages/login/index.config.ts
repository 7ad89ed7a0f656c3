export default definePageConfig({ navigationBarTitleText: "物业登录" });
