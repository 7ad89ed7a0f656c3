export default definePageConfig({ navigationBarTitleText: "报警", navigationBarBackgroundColor: "#b71c1c" });
