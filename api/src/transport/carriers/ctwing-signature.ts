// CTWing AIoT open API gateway request signature, as CTWing's AEP SDKs compute it: the string
// "application:<AppKey>\ntimestamp:<ms>\n", then "key:value\n" for every query parameter and custom header
// (MasterKey) sorted by key, then the body and "\n" when there is a body; HMAC-SHA1 with the AppSecret,
// Base64. The request carries application, timestamp, version and signature headers.
import { createHmac } from "node:crypto";

export interface CtwingSigned {
  appKey: string;
  appSecret: string;
  timestamp: string;
  /** query parameters and custom headers (MasterKey) */
  params: Readonly<Record<string, string>>;
  body: string;
}

export function ctwingSignature(s: CtwingSigned): string {
  let text = `application:${s.appKey}\ntimestamp:${s.timestamp}\n`;
  for (const k of Object.keys(s.params).sort()) text += `${k}:${s.params[k]}\n`;
  if (s.body.length > 0) text += `${s.body}\n`;
  return createHmac("sha1", s.appSecret).update(text, "utf8").digest("base64");
}

/** CreateCommand's API version on the gateway. */
export const CTWING_CREATE_COMMAND_VERSION = "20190712225145";
export const CTWING_CREATE_COMMAND_PATH = "/aep_device_command/command";
