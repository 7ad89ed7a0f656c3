export default definePageConfig({ navigationBarTitleText: "报警器" });
