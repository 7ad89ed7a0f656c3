// Commands to CTWing devices go through the CreateCommand stand-in (which checks the gateway's signature,
// timestamp and MasterKey like CTWing does), and its commandResponse push comes back to a receiver that
// parses it: the command's id is the command_ack's commandId.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CtwingStandIn,
  DEMO_CTWING_APP_KEY,
  DEMO_CTWING_APP_SECRET,
  DEMO_CTWING_MASTER_KEY,
} from "../../../stand-ins/ctwing-stand-in.ts";
import { CtwingCommandClient } from "./ctwing-command-client.ts";
import { checkCtwingAccess } from "./ctwing-access.ts";
import { parseCtwingPush } from "./ctwing-push.ts";
import type { PushOutcome } from "./refusal.ts";
import { loadProfiles } from "./profile-loader.ts";

const TOKEN = "ctwing-token-for-command-tests";
const profiles = loadProfiles();
const thing = profiles.get("ctwing-nb-smoke-thing-model")!;
const transparent = profiles.get("ctwing-nb-smoke-transparent")!;
const thingDevice = {
  platform: "ctwing" as const,
  productId: "17100001",
  deviceId: "dev-thing-1",
  imei: "860374051096202",
};
const transparentDevice = { platform: "ctwing" as const, productId: "17100002", deviceId: "dev-transparent-1" };

const standIn = new CtwingStandIn();
const received: PushOutcome[] = [];
let receiver: http.Server;

const client = (o: Partial<ConstructorParameters<typeof CtwingCommandClient>[0]> = {}) =>
  new CtwingCommandClient({
    baseUrl: standIn.baseUrl,
    appKey: DEMO_CTWING_APP_KEY,
    appSecret: DEMO_CTWING_APP_SECRET,
    masterKeyFor: () => DEMO_CTWING_MASTER_KEY,
    ...o,
  });

beforeAll(async () => {
  await standIn.start();
  standIn.addDevice("17100001", thingDevice.deviceId, { imei: thingDevice.imei });
  standIn.addDevice("17100002", transparentDevice.deviceId);
  // A minimal receiver: the token check and the parser, as POST /api/ingest/ctwing will do.
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("token");
      const access = checkCtwingAccess({ token, remoteAddress: req.socket.remoteAddress }, { token: TOKEN });
      const out = access.ok
        ? parseCtwingPush(Buffer.concat(chunks), { now: Date.now(), resolveProfile: profiles.resolver() })
        : access;
      received.push(out);
      res.writeHead(access.ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  standIn.pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/ingest/ctwing?token=${TOKEN}`;
});

afterAll(async () => {
  await standIn.stop();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe("CtwingCommandClient against the CTWing stand-in", () => {
  it("creates a mute command and gets CTWing's command id back", async () => {
    const out = await client().send(thingDevice, thing, { type: "mute" });
    expect(out).toMatchObject({ ok: true, platformCommandId: "1" });
    expect(standIn.commands.at(-1)).toMatchObject({
      commandId: "1",
      productId: "17100001",
      deviceId: "dev-thing-1",
      content: { serviceIdentifier: "mute_cmd", params: { mute: 1 } },
      ttl: 86_400,
      operator: "anxin",
    });
  });

  it("sends the heartbeat interval in the thing model's params and in the transparent frame", async () => {
    expect(await client().send(thingDevice, thing, { type: "set_heartbeat_interval", seconds: 3600 })).toMatchObject({
      ok: true,
    });
    expect(standIn.commands.at(-1)!.content).toEqual({
      serviceIdentifier: "heartbeat_cmd",
      params: { interval: 3600 },
    });
    expect(
      await client().send(transparentDevice, transparent, { type: "set_heartbeat_interval", seconds: 3600 }),
    ).toMatchObject({
      ok: true,
    });
    expect(standIn.commands.at(-1)!.content).toEqual({ payload: "A58300000E10", dataType: 2 });
  });

  it("closes the loop: the stand-in's commandResponse push becomes a command_ack for that command", async () => {
    const out = await client().send(thingDevice, thing, { type: "self_test" });
    if (!out.ok) throw new Error(out.code);
    const answer = await standIn.respond(out.platformCommandId, "DELIVERED");
    expect(answer.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      ok: true,
      events: [
        {
          type: "command_ack",
          platformDevice: { platform: "ctwing", productId: "17100001", deviceId: "dev-thing-1" },
          fields: { commandId: out.platformCommandId, result: "delivered" },
        },
      ],
    });
  });

  it("keeps working when our clock is an hour off, by the gateway's /echo time", async () => {
    const out = await client({ now: () => Date.now() - 3600_000 }).send(thingDevice, thing, { type: "mute" });
    expect(out.ok).toBe(true);
  });

  it("reports the gateway's refusals, transient only for an outage", async () => {
    const before = standIn.commands.length;
    expect(await client({ appSecret: "wrong-secret" }).send(thingDevice, thing, { type: "mute" })).toMatchObject({
      ok: false,
      code: "CTWING_4011",
      transient: false,
    });
    expect(
      await client({ masterKeyFor: () => "wrong-master-key" }).send(thingDevice, thing, { type: "mute" }),
    ).toMatchObject({
      ok: false,
      code: "CTWING_4030",
    });
    expect(await client().send({ ...thingDevice, deviceId: "nobody" }, thing, { type: "mute" })).toMatchObject({
      ok: false,
      code: "CTWING_4004",
    });
    standIn.failNext("BUSY");
    expect(await client().send(thingDevice, thing, { type: "mute" })).toMatchObject({
      ok: false,
      code: "CTWING_5030",
      transient: true,
    });
    expect(standIn.commands.length).toBe(before);
  });

  it("refuses before sending what cannot be a command", async () => {
    const requests = standIn.requests.length;
    expect(await client().send(thingDevice, thing, { type: "set_heartbeat_interval", seconds: 30 })).toMatchObject({
      code: "BAD_INTERVAL",
    });
    expect(await client({ masterKeyFor: () => undefined }).send(thingDevice, thing, { type: "mute" })).toMatchObject({
      code: "NO_MASTER_KEY",
    });
    const noCommands = { ...thing, commands: {} };
    expect(await client().send(thingDevice, noCommands, { type: "mute" })).toMatchObject({ code: "NOT_SUPPORTED" });
    expect(standIn.requests.length).toBe(requests);
  });

  it("reports a network failure as transient", async () => {
    const out = await client({ baseUrl: "http://127.0.0.1:1" }).send(thingDevice, thing, { type: "mute" });
    expect(out).toMatchObject({ ok: false, code: "NETWORK", transient: true });
  });
});
