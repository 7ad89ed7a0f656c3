export default definePageConfig({ navigationBarTitleText: "隐患详情" });
