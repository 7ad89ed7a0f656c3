// Errors of the video integration, each with a stable code. The shape matches ERROR_CODES in
// shared/errors.ts so the table can be merged there when cameras get their HTTP routes.
export const VIDEO_ERROR_CODES = {
  CAMERA_SOURCE_INVALID: { status: 400, message: "摄像头地址或账号格式不正确" },
  CAMERA_UNREACHABLE: { status: 502, message: "连不上摄像头，请检查网络和地址" },
  CAMERA_UNAUTHORIZED: { status: 502, message: "摄像头拒绝了账号或密码" },
  CAMERA_STREAM_NOT_FOUND: { status: 502, message: "摄像头上没有这个视频通道" },
  CAMERA_NO_VIDEO: { status: 502, message: "摄像头连上了，但没有画面" },
  CAMERA_TIMEOUT: { status: 504, message: "摄像头响应超时" },
  STREAM_LIMIT_REACHED: { status: 503, message: "同时观看的视频路数已满，请稍后再试" },
  VIDEO_TOOL_MISSING: { status: 500, message: "服务器缺少视频处理程序 ffmpeg" },
} as const satisfies Record<string, { status: number; message: string }>;

export type VideoErrorCode = keyof typeof VIDEO_ERROR_CODES;

export class VideoError extends Error {
  constructor(
    readonly code: VideoErrorCode,
    /** what happened, in English for the log; never holds a password (see maskSecrets) */
    readonly detail = "",
  ) {
    super(VIDEO_ERROR_CODES[code].message);
    this.name = "VideoError";
  }

  get status(): number {
    return VIDEO_ERROR_CODES[this.code].status;
  }
}
