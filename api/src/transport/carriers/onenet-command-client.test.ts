// Commands to OneNET NB devices go through the cached-command stand-in (api-key, parameters and limits
// checked with OneNET's errno codes), and its type 7 push, signed and optionally encrypted, comes back to a
// receiver that parses it: the command's uuid is the command_ack's commandId.
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ONENET_API_KEY, DEMO_ONENET_PUSH_TOKEN, OnenetStandIn } from "../../../stand-ins/onenet-stand-in.ts";
import { chinaTime, OnenetCommandClient } from "./onenet-command-client.ts";
import { onenetAesKey, type OnenetAesKey } from "./onenet-crypto.ts";
import { parseOnenetPush } from "./onenet-push.ts";
import type { PushOutcome } from "./refusal.ts";
import { loadProfiles } from "./profile-loader.ts";

const profiles = loadProfiles();
const smoke = profiles.get("onenet-nb-smoke-datastreams")!;
const device = { platform: "onenet" as const, deviceId: "2016617", imei: "868120045678901" };
const standIn = new OnenetStandIn();
const received: PushOutcome[] = [];
let receiverKey: OnenetAesKey | undefined;
let receiver: http.Server;

const client = (o: Partial<ConstructorParameters<typeof OnenetCommandClient>[0]> = {}) =>
  new OnenetCommandClient({ baseUrl: standIn.baseUrl, apiKeyFor: () => DEMO_ONENET_API_KEY, ...o });

beforeAll(async () => {
  await standIn.start();
  standIn.addDevice(device.imei, 2016617);
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(
        parseOnenetPush(Buffer.concat(chunks), {
          token: DEMO_ONENET_PUSH_TOKEN,
          ...(receiverKey && { aesKey: receiverKey }),
          now: Date.now(),
          resolveProfile: profiles.resolver(),
        }),
      );
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  standIn.pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/ingest/onenet`;
});

afterAll(async () => {
  await standIn.stop();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe("OnenetCommandClient against the OneNET stand-in", () => {
  it("caches a mute command for the sleeping device and gets its uuid back", async () => {
    const now = Date.now();
    const out = await client({ ttlSec: 3600 }).send(device, smoke, { type: "mute" });
    if (!out.ok) throw new Error(out.code);
    expect(out.platformCommandId).toMatch(/^[0-9a-f-]{36}$/);
    const c = standIn.commands.at(-1)!;
    expect(c).toMatchObject({
      uuid: out.platformCommandId,
      imei: device.imei,
      objId: 3311,
      objInstId: 0,
      resId: 5850,
      args: "mute",
    });
    // expired_time is China time, an hour ahead
    expect(Math.abs(Date.parse(`${c.expiredTime}+08:00`) - (now + 3600_000))).toBeLessThan(60_000);
  });

  it("puts the heartbeat interval into the execute argument", async () => {
    expect(await client().send(device, smoke, { type: "set_heartbeat_interval", seconds: 7200 })).toMatchObject({
      ok: true,
    });
    expect(standIn.commands.at(-1)!.args).toBe("interval=7200");
  });

  it("closes the loop: the type 7 push becomes a command_ack for that command, plain or encrypted", async () => {
    const out = await client().send(device, smoke, { type: "self_test" });
    if (!out.ok) throw new Error(out.code);
    expect((await standIn.respond(out.platformCommandId, 2)).status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      ok: true,
      events: [
        {
          type: "command_ack",
          platformDevice: { deviceId: "2016617" },
          fields: { commandId: out.platformCommandId, result: "ok" },
        },
      ],
    });
    const encodingAesKey = randomBytes(32).toString("base64").slice(0, 43);
    standIn.encodingAesKey = encodingAesKey;
    receiverKey = onenetAesKey(encodingAesKey);
    await standIn.respond(out.platformCommandId, 1);
    expect(received.at(-1)).toMatchObject({
      ok: true,
      events: [{ type: "command_ack", fields: { result: "delivered" } }],
    });
    standIn.encodingAesKey = null;
    receiverKey = undefined;
  });

  it("reports OneNET's refusals with their errno, transient for its internal errors", async () => {
    expect(await client({ apiKeyFor: () => "wrong-key" }).send(device, smoke, { type: "mute" })).toMatchObject({
      ok: false,
      code: "ONENET_1",
      transient: false,
    });
    expect(await client().send({ ...device, imei: "868120045670000" }, smoke, { type: "mute" })).toMatchObject({
      code: "ONENET_1",
    });
    expect(await client({ retry: 3, ttlSec: -60 }).send(device, smoke, { type: "mute" })).toMatchObject({
      code: "ONENET_5006",
    });
    standIn.failNext(7);
    expect(await client().send(device, smoke, { type: "mute" })).toMatchObject({
      ok: false,
      code: "ONENET_7",
      transient: true,
    });
  });

  it("refuses before sending what cannot be a command", async () => {
    const requests = standIn.requests.length;
    expect(await client().send({ ...device, imei: undefined }, smoke, { type: "mute" })).toMatchObject({
      code: "NO_IMEI",
    });
    expect(await client().send(device, smoke, { type: "set_heartbeat_interval", seconds: 10_000_000 })).toMatchObject({
      code: "BAD_INTERVAL",
    });
    const ctwing = profiles.get("ctwing-nb-smoke-thing-model")!;
    expect(await client().send(device, ctwing, { type: "mute" })).toMatchObject({ code: "WRONG_PLATFORM" });
    expect(standIn.requests.length).toBe(requests);
  });

  it("writes China time as OneNET wants it", () => {
    expect(chinaTime(Date.UTC(2026, 10, 28, 3, 0, 5))).toBe("2026-11-28T11:00:05");
  });
});
