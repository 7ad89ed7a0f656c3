export default definePageConfig({ navigationBarTitleText: "到场情况" });
