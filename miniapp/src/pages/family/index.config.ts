export default definePageConfig({ navigationBarTitleText: "家人和联系人" });
