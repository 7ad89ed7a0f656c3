// Every domain error has a stable code; this is the one place that maps codes to HTTP status
// (STYLE habit 8). Messages are in Chinese for the people who read them in the apps.
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: "请求参数有误" },
  MALFORMED_JSON: { status: 400, message: "请求内容不是有效的 JSON" },
  UNAUTHENTICATED: { status: 401, message: "请先登录" },
  TOKEN_INVALID: { status: 401, message: "登录已失效，请重新登录" },
  INVALID_CREDENTIALS: { status: 401, message: "用户名或密码错误" },
  FORBIDDEN: { status: 403, message: "没有权限执行此操作" },
  NOT_FOUND: { status: 404, message: "找不到该资源" },
  METHOD_NOT_ALLOWED: { status: 405, message: "该接口不支持此请求方法" },
  CONFLICT: { status: 409, message: "与当前状态冲突" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "请求内容过大" },
  RATE_LIMITED: { status: 429, message: "请求过于频繁，请稍后再试" },
  WECHAT_CODE_INVALID: { status: 400, message: "微信登录凭证无效或已过期，请重试" },
  WECHAT_RISKY_USER: { status: 403, message: "微信提示该账号存在风险，暂不能登录" },
  WECHAT_UNAVAILABLE: { status: 502, message: "微信服务暂时不可用，请稍后再试" },
  INVITE_INVALID: { status: 400, message: "邀请码无效或已过期" },
  BIND_CODE_INVALID: { status: 400, message: "设备二维码或绑定码无效" },
  DEVICE_ALREADY_BOUND: { status: 409, message: "该设备已被绑定" },
  SMOKE_STILL_HIGH: { status: 409, message: "烟雾浓度仍然很高，不能远程消音，请先确认安全" },
  SESSION_FULL: { status: 409, message: "本场次名额和候补名单都已满，请选择其他场次" },
  BOOKING_CLOSED: { status: 409, message: "该场次已停止预约" },
  ALREADY_BOOKED: { status: 409, message: "您已预约该场次" },
  CANCEL_TOO_LATE: { status: 409, message: "开场前 2 小时内不能取消预约" },
  CHANGE_TOO_LATE: { status: 409, message: "团体人数只能在活动前一天及之前修改" },
  NOT_ENOUGH_SEATS: { status: 409, message: "剩余名额不足" },
  OFFER_EXPIRED: { status: 409, message: "为您保留的名额已过期，已让给下一位" },
  NOT_READY: { status: 503, message: "服务尚未就绪" },
  CAMERA_UNAVAILABLE: { status: 502, message: "摄像头暂时连不上或没有画面" },
  CAMERA_TIMEOUT: { status: 504, message: "摄像头响应超时" },
  STREAM_LIMIT_REACHED: { status: 503, message: "同时观看的视频路数已满，请稍后再试" },
  INTERNAL: { status: 500, message: "服务器内部错误" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export const notFound = (what = "资源") => new AppError("NOT_FOUND", `找不到该${what}`);

/** 429 with how long to wait: the answer carries a Retry-After header (middleware/errors.ts). */
export const rateLimited = (retryAfterSec: number, what = "请求") =>
  new AppError("RATE_LIMITED", `${what}过于频繁，请 ${formatWait(retryAfterSec)}后再试`, { retryAfterSec });

function formatWait(sec: number): string {
  return sec < 60 ? `${sec} 秒` : `${Math.ceil(sec / 60)} 分钟`;
}
export const forbidden = (why?: string) => new AppError("FORBIDDEN", why);
