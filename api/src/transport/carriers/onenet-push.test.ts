// OneNET data pushes written by hand from its data push developer guide: {msg, msg_signature, nonce} with
// msg one message or an array; type 1 data point (dev_id, ds_id, at, value), 2 online/offline (status,
// login_type), 7 cached-command result (cmd_type, cmd_id). Signatures are Base64(MD5(token + nonce + msg))
// computed here with node:crypto over the msg text exactly as written in the body.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseOnenetPush } from "./onenet-push.ts";
import { loadProfiles } from "./profile-loader.ts";

const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const TOKEN = "anxin-onenet-token";
const AT = 1795834800456;
const profiles = loadProfiles();
const resolveProfile = profiles.resolver({
  "onenet:2016617": "onenet-nb-smoke-datastreams",
  "onenet:2017618": "onenet-nb-gas-detector",
});
const opts = { token: TOKEN, now: NOW, resolveProfile };

const md5b64 = (s: string) => createHash("md5").update(s).digest("base64");
/** The body as OneNET writes it, msg text inserted verbatim and signed as written. */
const push = (msgText: string, nonce = "abcdefgh", token = TOKEN) =>
  `{"msg":${msgText},"msg_signature":"${md5b64(token + nonce + msgText)}","nonce":"${nonce}"}`;

const smokePoint = (value: number, ds = "Alarm_Status") =>
  `{"at":${AT},"type":1,"ds_id":"${ds}","value":${value},"dev_id":2016617,"imei":"868120045678901"}`;

function ok(body: string) {
  const r = parseOnenetPush(body, opts);
  if (!r.ok) throw new Error(`refused: ${r.refusal.reason} ${r.refusal.detail}`);
  return r;
}

describe("OneNET data points", () => {
  it("turns an Alarm_Status data point into a smoke alarm of the right platform device", () => {
    const r = ok(push(smokePoint(1)));
    expect(r.skipped).toEqual([]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      platformDevice: { platform: "onenet", deviceId: "2016617", imei: "868120045678901" },
      type: "smoke_alarm",
      ts: AT,
      source: "onenet",
      fields: {},
    });
  });

  it("refuses a data point with a wrong signature and gives no event", () => {
    const msg = smokePoint(1);
    const forged = `{"msg":${msg},"msg_signature":"${md5b64(`wrong-token${"abcdefgh"}${msg}`)}","nonce":"abcdefgh"}`;
    expect(parseOnenetPush(forged, opts)).toEqual({
      ok: false,
      refusal: { reason: "bad_signature", detail: expect.any(String) as string },
    });
    // a signature over another msg does not cover this one
    const swapped = push(smokePoint(7)).replace(smokePoint(7), smokePoint(1));
    expect(parseOnenetPush(swapped, opts)).toMatchObject({ ok: false, refusal: { reason: "bad_signature" } });
  });

  it("checks the signature over msg as written, whitespace included", () => {
    const pretty = `{\n  "at": ${AT},\n  "type": 1,\n  "ds_id": "Alarm_Status",\n  "value": 1,\n  "dev_id": 2016617\n}`;
    const body = `{ "nonce" : "q1w2e3r4",\n "msg" : ${pretty} ,\n "msg_signature" : "${md5b64(`${TOKEN}q1w2e3r4${pretty}`)}" }`;
    expect(ok(body).events.map((e) => e.type)).toEqual(["smoke_alarm"]);
  });

  it("accepts a msg sent as a JSON string, signed as that string", () => {
    const inner = smokePoint(14);
    const body = `{"msg":${JSON.stringify(inner)},"msg_signature":"${md5b64(`${TOKEN}n0n0n0n0${inner}`)}","nonce":"n0n0n0n0"}`;
    expect(ok(body).events.map((e) => e.type)).toEqual(["test_alarm"]);
  });

  it("gives the same msgIds to the same push twice, whatever the nonce", () => {
    const a = ok(push(smokePoint(1), "aaaaaaaa")).events[0]!.msgId;
    expect(ok(push(smokePoint(1), "bbbbbbbb")).events[0]!.msgId).toBe(a);
    expect(ok(push(smokePoint(7))).events[0]!.msgId).not.toBe(a);
  });

  it("reads a batch: the smoke alarm first, and one bad data point does not cost the others", () => {
    const batch =
      `[{"at":${AT},"type":1,"ds_id":"Battery_Level","value":76,"dev_id":2016617},` +
      `{"at":${AT},"type":1,"value":3,"dev_id":2016617},` +
      `{"at":"${AT}","type":1,"ds_id":"Alarm_Status","value":1,"dev_id":2016617},` +
      `{"at":${AT},"type":1,"ds_id":"RSRP","value":-97,"dev_id":2016617}]`;
    const r = ok(push(batch));
    expect(r.events.map((e) => e.type)).toEqual(["smoke_alarm", "heartbeat", "heartbeat"]);
    expect(r.events[1]!.fields).toEqual({ battery: 76 });
    expect(r.events[2]!.fields).toEqual({ signal: { rsrp: -97 } });
    expect(r.skipped).toEqual([{ reason: "missing_field", detail: "msg[1]: data point without ds_id" }]);
  });

  it("reads a gas detector: %LEL readings, its own alarm code, and the 25 %LEL level", () => {
    const gas = (ds: string, value: number) =>
      push(`{"at":${AT},"type":1,"ds_id":"${ds}","value":${value},"dev_id":2017618}`);
    expect(ok(gas("Gas_Concentration", 30)).events.map((e) => [e.type, e.fields.values])).toEqual([
      ["reading", { lel: 3 }],
    ]);
    expect(ok(gas("Gas_Concentration", 253)).events.map((e) => [e.type, e.fields.values])).toEqual([
      ["gas_alarm", { lel: 25.3 }],
    ]);
    expect(ok(gas("Gas_Status", 1)).events.map((e) => e.type)).toEqual(["gas_alarm"]);
    expect(ok(gas("Gas_Status", 0)).events.map((e) => e.type)).toEqual(["gas_clear"]);
  });

  it("skips data points of unknown devices, unknown streams and unknown types", () => {
    const r = ok(
      push(
        `[{"at":${AT},"type":1,"ds_id":"Alarm_Status","value":1,"dev_id":999},` +
          `{"at":${AT},"type":1,"ds_id":"3303_0_5700","value":21.5,"dev_id":2016617},` +
          `{"at":${AT},"type":5,"dev_id":2016617}]`,
      ),
    );
    expect(r.events).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual(["no_profile", "bad_field", "unknown_message_type"]);
  });
});

describe("OneNET online/offline and cached-command results", () => {
  it("turns type 2 into online and offline", () => {
    const st = (status: number) => push(`{"at":${AT},"login_type":10,"type":2,"dev_id":2016617,"status":${status}}`);
    expect(ok(st(1)).events.map((e) => [e.type, e.platformDevice.deviceId])).toEqual([["online", "2016617"]]);
    expect(ok(st(0)).events[0]!.type).toBe("offline");
    expect(ok(st(3)).skipped[0]!.reason).toBe("bad_field");
  });

  it("turns type 7 into a command_ack for cmd_id", () => {
    const r7 = (cmdType: number) =>
      push(
        `{"at":${AT},"type":7,"dev_id":2016617,"cmd_type":${cmdType},"cmd_id":"a3a6a5b0-5d6e-4e0b-9f51-3c1f2a7b8c9d"}`,
      );
    expect(ok(r7(2)).events[0]).toMatchObject({
      type: "command_ack",
      fields: { commandId: "a3a6a5b0-5d6e-4e0b-9f51-3c1f2a7b8c9d", result: "ok" },
    });
    expect(ok(r7(1)).events[0]!.fields.result).toBe("delivered");
    expect(ok(push(`{"at":${AT},"type":7,"dev_id":2016617,"cmd_type":1}`)).skipped[0]!.reason).toBe("missing_field");
  });
});

describe("OneNET refusals", () => {
  it("refuses bad bodies with a reason", () => {
    const cases: [string, string][] = [
      ["nope", "malformed_json"],
      ["[]", "not_an_object"],
      [`{"msg":{},"msg_signature":"x"}`, "missing_field"],
      [`{"msg":{},"nonce":"abcdefgh"}`, "missing_field"],
      [`{"nonce":"abcdefgh","msg_signature":"x"}`, "missing_field"],
      [`{"enc_msg":"AAAA","nonce":"abcdefgh","msg_signature":"x"}`, "no_aes_key"],
      [push(`[${Array.from({ length: 101 }, () => smokePoint(7)).join(",")}]`), "oversized"],
    ];
    for (const [body, reason] of cases)
      expect(parseOnenetPush(body, opts), body.slice(0, 50)).toMatchObject({ ok: false, refusal: { reason } });
    expect(parseOnenetPush(push(smokePoint(1)), { ...opts, token: "" })).toMatchObject({
      refusal: { reason: "not_configured" },
    });
  });
});
