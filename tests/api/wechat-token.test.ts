// The WeChat access token (getStableAccessToken) is kept ready (WechatApi.keepTokenReady): fetched before the
// first send and again before it is due, so a fire alarm's WeChat message never waits for a token request;
// and several processes share one token instead of cutting each other's short.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WechatApi } from "../../api/src/integrations/wechat/wechat-api.ts";
import { systemClock } from "../../api/src/shared/clock.ts";
import { DEMO_APP_ID, DEMO_APP_SECRET, WechatStub } from "../../api/stand-ins/wechat-stub.ts";

describe("WeChat access token kept ready", () => {
  let stub: WechatStub;
  let stops: (() => Promise<void>)[] = [];
  const api = (secret = DEMO_APP_SECRET) =>
    new WechatApi({ baseUrl: stub.baseUrl, appId: DEMO_APP_ID, appSecret: secret, clock: systemClock });
  const tokenRequests = () => stub.requests.filter((r) => r.path === "/cgi-bin/stable_token").length;
  const message = (touser: string) => ({ touser, templateId: "tpl", page: "pages/alarm", data: { thing1: "火警" } });

  beforeEach(async () => {
    stub = new WechatStub();
    await stub.start();
  });
  afterEach(async () => {
    for (const stop of stops) await stop();
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

  it("fetches again before the cached token is due, and stops when told", async () => {
    stub.tokenTtlSec = 1; // cached for the 30 s floor: the keeper comes back after its own floor (50 ms here)
    const wechat = api();
    const keeper = wechat.keepTokenReady(() => undefined, { minIntervalMs: 50 });
    await keeper.ready;
    await vi.waitFor(() => expect(tokenRequests()).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 20 });
    await keeper.stop(); // waits for a request in flight
    const before = tokenRequests();
    await wechat.sendSubscribeMessage(message("demo_lisi"));
    expect(tokenRequests()).toBe(before); // the send used the cached token
    expect(stub.sent.map((m) => m.touser)).toEqual(["demo_lisi"]);
    await new Promise((r) => setTimeout(r, 300)); // six of the keeper's intervals
    expect(tokenRequests()).toBe(before); // stopped: no more fetches
  });

  it("two processes get the same token: neither cuts the other's short", async () => {
    const a = api();
    const b = api();
    const ka = a.keepTokenReady(() => undefined);
    const kb = b.keepTokenReady(() => undefined);
    stops.push(ka.stop, kb.stop);
    await Promise.all([ka.ready, kb.ready]);
    expect(await a.accessToken()).toBe(await b.accessToken());
    await a.sendSubscribeMessage(message("demo_zhangsan"));
    await b.sendSubscribeMessage(message("demo_lisi"));
    expect(tokenRequests()).toBe(2); // one each, no refusal and no refetch
    expect(stub.sent.map((m) => m.touser)).toEqual(["demo_zhangsan", "demo_lisi"]);
  });

  it("reports a refused token request and still settles `ready`; sends then fetch their own", async () => {
    const wechat = api("wrong-secret");
    const errors: Error[] = [];
    const keeper = wechat.keepTokenReady((e) => errors.push(e));
    stops.push(keeper.stop);
    await keeper.ready;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("invalid appsecret");
    expect(errors[0]!.message).not.toContain("wrong-secret");
    await expect(wechat.sendSubscribeMessage(message("demo_zhangsan"))).rejects.toThrow("invalid appsecret");
  });
});
