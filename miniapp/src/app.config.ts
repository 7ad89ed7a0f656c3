export default defineAppConfig({
  pages: [
    "pages/home/index",
    "pages/alarm/index",
    "pages/bind/index",
    "pages/me/index",
    "pages/login/index",
    "pages/device/index",
    "pages/family/index",
    "pages/alerts/index",
    "pages/safety/index",
    "pages/hazard-report/index",
  ],
  subPackages: [
    {
      root: "packages/staff",
      pages: [
        "pages/login/index",
        "pages/alarms/index",
        "pages/install/index",
        "pages/accept/index",
        "pages/patrol/index",
        "pages/confirm/index",
        "pages/hazards/index",
        "pages/hazard/index",
        "pages/supervise/index",
      ],
    },
    {
      root: "packages/booking",
      pages: [
        "pages/list/index",
        "pages/centre/index",
        "pages/book/index",
        "pages/mine/index",
        "pages/detail/index",
        "pages/staff/index",
        "pages/today/index",
        "pages/checkin/index",
        "pages/attendance/index",
        "pages/groups/index",
        "pages/group-new/index",
        "pages/group/index",
      ],
    },
  ],
  // 体验馆预约 sorts the centres by distance when the resident allows it (Taro.getLocation).
  permission: {
    "scope.userLocation": { desc: "用于按距离排列附近的消防体验馆" },
  },
  requiredPrivateInfos: ["getLocation"],
  window: {
    backgroundTextStyle: "dark",
    navigationBarBackgroundColor: "#b71c1c",
    navigationBarTitleText: "安心消防",
    navigationBarTextStyle: "white",
    backgroundColor: "#f4f4f4",
  },
  tabBar: {
    // WeChat's own tab bar cannot grow in elderly mode: the WeChat build draws src/custom-tab-bar (issue 22
    // item 5). Taro's H5 runtime draws no custom tab bar, so H5 keeps Taro's, grown by app.css.
    custom: process.env.TARO_ENV === "weapp",
    color: "#333333",
    selectedColor: "#b71c1c",
    backgroundColor: "#ffffff",
    borderStyle: "black",
    list: [
      { pagePath: "pages/home/index", text: "首页" },
      { pagePath: "pages/alarm/index", text: "报警" },
      { pagePath: "pages/bind/index", text: "绑定" },
      { pagePath: "pages/me/index", text: "我的" },
    ],
  },
});
