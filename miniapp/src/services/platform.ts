/** True in the WeChat build, false in H5 (and in the unit tests, which run the H5 runtime). */
export const isWeapp = process.env.TARO_ENV === "weapp";
export const isH5 = process.env.TARO_ENV === "h5";
