export default definePageConfig({ navigationBarTitleText: "隐患随手拍" });
