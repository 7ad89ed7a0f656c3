/** An error answer from the API (`{"error":{"code","message"}}`) or a failed connection (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

// Codes whose API message says more than a fixed sentence could (SMOKE_STILL_HIGH: a refused mute, or a fire
// that may not be closed as a false alarm yet) are not listed: the API's Chinese message is shown.
const TEXT: Record<string, string> = {
  NETWORK: "网络连接失败，请检查网络后再试",
  UNAUTHORIZED: "登录已过期，请重新登录",
  UNAUTHENTICATED: "请先登录",
  TOKEN_INVALID: "登录已过期，请重新登录",
  FORBIDDEN: "您没有权限进行此操作",
  NOT_FOUND: "没有找到相关内容",
  VALIDATION: "填写的内容有误，请检查",
  MUTE_NOT_SUPPORTED: "这个设备不支持远程消音",
  DEVICE_ALREADY_BOUND: "这个设备已经被绑定了",
  BIND_CODE_INVALID: "设备码不正确，请核对设备上的编号和设备码",
  INVITE_INVALID: "邀请码无效或已过期",
  WECHAT_CODE_INVALID: "微信登录没有成功，请再试一次",
  RATE_LIMITED: "操作太频繁，请稍后再试",
};

/** Plain Chinese text for any error, for showing to the resident. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const known = TEXT[err.code];
    if (known) return known;
    // Show the API's own message only when it is written for residents (in Chinese).
    if (/[\u4e00-\u9fff]/.test(err.message)) return err.message;
    return "操作没有成功，请稍后再试";
  }
  return "操作没有成功，请稍后再试";
}
