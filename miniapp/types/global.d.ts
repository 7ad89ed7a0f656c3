/// <reference types="@tarojs/taro" />

declare module "*.png";
declare module "*.css";

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: "development" | "production" | "test";
    TARO_ENV: "weapp" | "swan" | "alipay" | "h5" | "rn" | "tt" | "qq" | "jd" | "harmony" | "jdrn";
    TARO_APP_ID: string;
  }
}

/** Base URL of the API for the WeChat build (build-time constant). */
declare const ANXIN_API_BASE: string;
