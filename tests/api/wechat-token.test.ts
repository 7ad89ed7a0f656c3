// The WeChat access token is kept ready (WechatApi.keepTokenReady): fetched before the first send and again
// a minute before it is due, so a fire alarm's WeChat message never waits for a token request.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WechatApi } from "../../api/src/integrations/wechat/wechat-api.ts";
import { systemClock } from "../../api/src/shared/clock.ts";
import { DEMO_APP_ID, DEMO_APP_SECRET, WechatStub } from "../stubs/wechat-stub.ts";

describe("WeChat access token kept ready", () => {
  let stub: WechatStub;
  let stops: (() => void)[] = [];
  const api = (secret = DEMO_APP_SECRET) =>
    new WechatApi({ baseUrl: stub.baseUrl, appId: DEMO_APP_ID, appSecret: secret, clock: systemClock });
  const tokenRequests = () => stub.requests.filter((r) => r.path === "/cgi-bin/token").length;
  const message = (touser: string) => ({ touser, templateId: "tpl", page: "pages/alarm", data: { thing1: "火警" } });

  beforeEach(async () => {
    stub = new WechatStub();
    await stub.start();
  });
  afterEach(async () => {
    for (const stop of stops) stop();
    stops = [];
    await stub.stop();
  });

  it("fetches one token at once, and the first send uses it without asking for another", async () => {
    const wechat = api();
    const errors: Error[] = [];
    const keeper = wechat.keepTokenReady((e) => errors.push(e));
    stops.push(keeper.stop);
    await keeper.ready;
    expect(tokenRequests()).toBe(1);
    await wechat.sendSubscribeMessage(message("demo_zhangsan"));
    expect(tokenRequests()).toBe(1);
    expect(stub.sent.map((m) => m.touser)).toEqual(["demo_zhangsan"]);
    expect(errors).toEqual([]);
  });

  it("fetches a fresh token before the cached one is due, while sends keep using the cached one", async () => {
    stub.tokenTtlSec = 1; // cached for 60 s (the floor), refreshed a minute before: at once (1 s timer floor)
    const wechat = api();
    const keeper = wechat.keepTokenReady(() => undefined);
    stops.push(keeper.stop);
    await keeper.ready;
    expect(tokenRequests()).toBe(1);
    await vi.waitFor(() => expect(tokenRequests()).toBe(2), { timeout: 10_000, interval: 50 });
    await wechat.sendSubscribeMessage(message("demo_lisi"));
    expect(tokenRequests()).toBeGreaterThanOrEqual(2);
    expect(stub.sent.map((m) => m.touser)).toEqual(["demo_lisi"]);
    keeper.stop();
    const after = tokenRequests();
    await new Promise((r) => setTimeout(r, 1500));
    expect(tokenRequests()).toBe(after); // stopped: no more refreshes
  });

  it("reports a refused token request and still settles `ready`; sends then fetch their own", async () => {
    const wechat = api("wrong-secret");
    const errors: Error[] = [];
    const keeper = wechat.keepTokenReady((e) => errors.push(e));
    stops.push(keeper.stop);
    await keeper.ready;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("invalid appsecret");
    await expect(wechat.sendSubscribeMessage(message("demo_zhangsan"))).rejects.toThrow("invalid appsecret");
  });
});
