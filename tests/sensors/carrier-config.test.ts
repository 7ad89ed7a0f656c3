// The carrier settings (docs/carriers.md) are checked at start: each wrong one is a line naming it.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/shared/config.ts";

const lines = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ NODE_ENV: "test", ...env });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.lines;
    throw e;
  }
};

describe("carrier settings", () => {
  it("reads the settings the receivers and command clients use", () => {
    const c = loadConfig({
      NODE_ENV: "test",
      CTWING_PUSH_TOKEN: "0123456789abcdef0123",
      CTWING_ALLOWED_ADDRESSES: "180.101.147.0/24",
      CTWING_APP_KEY: "app",
      CTWING_APP_SECRET: "secret",
      CTWING_MASTER_KEYS: "17100001:mk1,17100002:mk2",
      ONENET_PUSH_TOKEN: "tok",
      ONENET_AES_KEY: "a".repeat(43),
      ONENET_API_KEY: "key",
    });
    expect(c).toMatchObject({
      CTWING_API_BASE: "https://ag-api.ctwing.cn",
      ONENET_API_BASE: "https://api.heclouds.com",
      CTWING_MASTER_KEYS: "17100001:mk1,17100002:mk2",
    });
  });

  it("refuses a short push token, an AES key of the wrong length, a key without its secret, bad master keys", () => {
    expect(lines({ CTWING_PUSH_TOKEN: "short" }).join("\n")).toMatch(/CTWING_PUSH_TOKEN must be at least 16/);
    expect(lines({ ONENET_AES_KEY: "abc" }).join("\n")).toMatch(/ONENET_AES_KEY must be the 43-character/);
    expect(lines({ CTWING_APP_KEY: "app" }).join("\n")).toMatch(/CTWING_APP_SECRET must be set/);
    expect(lines({ CTWING_MASTER_KEYS: "nokey" }).join("\n")).toMatch(/CTWING_MASTER_KEYS must be productId:MasterKey/);
    expect(lines({ CTWING_API_BASE: "ftp://x" }).join("\n")).toMatch(/CTWING_API_BASE must be an http\(s\) URL/);
  });
});
