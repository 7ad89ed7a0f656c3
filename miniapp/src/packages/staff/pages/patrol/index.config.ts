export default definePageConfig({ navigationBarTitleText: "防火巡查" });
