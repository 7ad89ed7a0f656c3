import Taro from "@tarojs/taro";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  data?: unknown;
  header: Record<string, string>;
}

export interface HttpResponse {
  statusCode: number;
  data: unknown;
}

/** Sends one HTTP request; resolves for any HTTP status, rejects only when no answer came. */
export type Transport = (req: HttpRequest) => Promise<HttpResponse>;

export const taroTransport: Transport = async (req) => {
  const res = await Taro.request({
    url: req.url,
    method: req.method as "GET",
    data: req.data as TaroGeneral.IAnyObject | undefined,
    header: req.header,
    dataType: "json",
    timeout: 15000,
  });
  return { statusCode: res.statusCode, data: res.data };
};

/** Where the API lives: same origin `/api` in H5, a build-time constant in WeChat. */
export function defaultBaseUrl(): string {
  if (process.env.TARO_ENV === "h5") return "";
  return typeof ANXIN_API_BASE === "string" ? ANXIN_API_BASE.replace(/\/+$/, "") : "http://127.0.0.1:3000";
}
