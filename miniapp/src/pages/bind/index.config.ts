export default definePageConfig({ navigationBarTitleText: "绑定报警器" });
