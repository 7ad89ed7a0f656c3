import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Taro from "@tarojs/taro";
import { ApiClient, createApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { createTokenStore } from "@/services/tokens";
import { fail, holdRepliesToContract, installFakeApi, ok } from "../support/fakeApi";
import {
  alarmChange,
  commandResult,
  household,
  invite as inviteReply,
  residentLogin,
  residentUser,
} from "../support/fixtures";

// every reply these tests serve is parsed with the API's response schema (test/support/contractRoutes.ts)
holdRepliesToContract();

function makeApi(onAuthLost = vi.fn()) {
  const tokens = createTokenStore("test");
  const client = new ApiClient({ baseUrl: "", tokens, onAuthLost });
  return { api: createApi(client), client, tokens, onAuthLost };
}

describe("API client over Taro.request (H5 runtime)", () => {
  afterEach(() => vi.unstubAllGlobals());
  beforeEach(() => localStorage.clear());

  it("logs in with the WeChat code, stores the tokens in Taro storage and sends the bearer token", async () => {
    const fake = installFakeApi({
      "POST /api/auth/wechat/login": (c) =>
        (c.body as { code: string }).code === "demo-h5:张阿姨" ? ok(residentLogin("A1", "R1")) : fail(400, "BAD_CODE"),
      "GET /api/households": (c) =>
        c.headers.authorization === "Bearer A1"
          ? ok({ items: [household({ address: "幸福小区 3号楼", devices: [] })] })
          : fail(401, "UNAUTHORIZED"),
    });
    const { api, tokens } = makeApi();
    const res = await api.wechatLogin("demo-h5:张阿姨");
    expect(res.user.nickname).toBe("张阿姨");
    expect(tokens.get()?.accessToken).toBe("A1");
    // stored through Taro's storage API, so it survives a reload
    expect(Taro.getStorageSync("anxin.test.tokens")).toMatchObject({ accessToken: "A1", refreshToken: "R1" });
    // the login call itself carries no token
    expect(fake.callsTo("POST", "/api/auth/wechat/login")[0].headers.authorization).toBeUndefined();

    const homes = await api.households();
    expect(homes.items[0].address).toBe("幸福小区 3号楼");
  });

  it("turns an error body into an ApiError with the status and code", async () => {
    installFakeApi({
      "POST /api/devices/bind": () => fail(409, "DEVICE_ALREADY_BOUND", "already bound"),
    });
    const { api, tokens } = makeApi();
    tokens.set({ accessToken: "A", refreshToken: "R", expiresIn: 60 });
    const err = (await api
      .bindDevice({ serial: "S1", bindCode: "123456", householdId: "h1", room: "客厅", name: "客厅烟感" })
      .then(
        () => null,
        (e: unknown) => e,
      )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe("DEVICE_ALREADY_BOUND");
  });

  it("on 401 refreshes once and retries with the new access token", async () => {
    const fake = installFakeApi({
      "POST /api/auth/refresh": (c) =>
        (c.body as { refreshToken: string }).refreshToken === "R-old"
          ? ok(residentLogin("A-new", "R-new"))
          : fail(401, "UNAUTHORIZED"),
      "GET /api/alarms": (c) =>
        c.headers.authorization === "Bearer A-new" ? ok({ total: 0, items: [] }) : fail(401, "TOKEN_EXPIRED"),
      "GET /api/me": (c) =>
        c.headers.authorization === "Bearer A-new" ? ok(residentUser()) : fail(401, "TOKEN_EXPIRED"),
    });
    const { api, tokens } = makeApi();
    tokens.set({ accessToken: "A-old", refreshToken: "R-old", expiresIn: 60 });
    // two requests fail at the same time: one refresh serves both
    const [alarms, me] = await Promise.all([api.alarms("open"), api.me()]);
    expect(alarms.items).toEqual([]);
    expect(me.id).toBe("u1");
    expect(fake.callsTo("POST", "/api/auth/refresh")).toHaveLength(1);
    expect(tokens.get()).toMatchObject({ accessToken: "A-new", refreshToken: "R-new" });
    expect(fake.callsTo("GET", "/api/alarms").map((c) => c.query.get("status"))).toEqual(["open", "open"]);
  });

  it("when the refresh is refused, clears the tokens, reports the lost session and throws 401", async () => {
    installFakeApi({
      "POST /api/auth/refresh": () => fail(401, "REFRESH_REVOKED"),
      "GET /api/me": () => fail(401, "TOKEN_EXPIRED"),
    });
    const { api, tokens, onAuthLost } = makeApi();
    tokens.set({ accessToken: "A", refreshToken: "R", expiresIn: 60 });
    const err = (await api.me().then(
      () => null,
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.code).toBe("TOKEN_EXPIRED");
    expect(tokens.get()).toBeNull();
    expect(onAuthLost).toHaveBeenCalledTimes(1);
  });

  it("does not try to refresh without a stored session", async () => {
    const fake = installFakeApi({ "GET /api/me": () => fail(401, "UNAUTHORIZED") });
    const { api } = makeApi();
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(fake.callsTo("POST", "/api/auth/refresh")).toHaveLength(0);
  });

  it("logs out by revoking the refresh token and forgetting both tokens", async () => {
    const fake = installFakeApi({ "POST /api/auth/logout": () => ({ status: 204 }) });
    const { api, tokens } = makeApi();
    tokens.set({ accessToken: "A", refreshToken: "R9", expiresIn: 60 });
    await api.logout();
    expect(tokens.get()).toBeNull();
    expect(fake.callsTo("POST", "/api/auth/logout")[0].body).toEqual({ refreshToken: "R9" });
  });

  it("reports a failed connection as a NETWORK error", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const { api } = makeApi();
    await expect(api.alarms()).rejects.toMatchObject({ status: 0, code: "NETWORK" });
  });

  it("builds the documented paths and bodies", async () => {
    const fake = installFakeApi({
      "POST /api/alarms/:id/resolve": () => ok(alarmChange({ outcome: "resolved" })),
      "POST /api/devices/:id/commands": () => ok(commandResult({ type: "mute" })),
      "POST /api/households/:id/invites": () => ok(inviteReply({ expiresAt: "2026-12-01T00:00:00Z" })),
      "DELETE /api/households/:id/contacts/:cid": () => ({ status: 204 }),
      "PATCH /api/me": (c) => ok({ ...residentUser(), ...(c.body as object) }),
    });
    const { api, tokens } = makeApi();
    tokens.set({ accessToken: "A", refreshToken: "R", expiresIn: 60 });
    await api.resolveAlarm("al 1", { resolution: "FALSE_ALARM" });
    await api.deviceCommand("d1", "mute");
    const invite = await api.createInvite("h1", "FAMILY");
    await api.removeContact("h1", "c9");
    const me = await api.updateMe({ elderlyMode: true });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "POST /api/alarms/al%201/resolve",
      "POST /api/devices/d1/commands",
      "POST /api/households/h1/invites",
      "DELETE /api/households/h1/contacts/c9",
      "PATCH /api/me",
    ]);
    expect(fake.calls[0].body).toEqual({ resolution: "FALSE_ALARM" });
    expect(fake.calls[1].body).toEqual({ type: "mute" });
    expect(invite.code).toBe("482913");
    expect(me).toMatchObject({ elderlyMode: true });
  });
});
