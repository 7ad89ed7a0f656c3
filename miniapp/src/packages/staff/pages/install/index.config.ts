export default definePageConfig({ navigationBarTitleText: "安装设备" });
