// CTWing pushes written by hand from CTWing's subscription push format (field names and shapes as CTWing
// documents them and real NB-IoT smoke alarms send them; FIELD-FACTS section 3), not produced by our code.
import { describe, expect, it } from "vitest";
import { parseCtwingPush } from "./ctwing-push.ts";
import { loadProfiles } from "./profile-loader.ts";

const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);
const profiles = loadProfiles();
const opts = { now: NOW, resolveProfile: profiles.resolver() };
const T = 1795834800123; // 2026-11-28T03:00:00.123Z

/** A thing-model dataReport from product 17100001, Alarm_Status as given. */
const dataReport = (alarmStatus: number, extra = "") =>
  `{"upPacketSN":-1,"upDataSN":-1,"topic":"v1/up/ad19prof","timestamp":${T},"tenantId":"10461180","serviceId":"",` +
  `"protocol":"lwm2m","productId":"17100001","payload":{"serviceId":"notification","serviceData":{"TData":30,"SNR":1,` +
  `"RSRP":114,"IMEI":"860374051096202","Cell_ID_Length":8,"Cell_ID":"38848339","CSQ":5,"Battery_Level":100,` +
  `"Alarm_Status":${alarmStatus},"AlarmLevel":100${extra}}},"messageType":"dataReport","deviceType":"",` +
  `"deviceId":"acf7baaee65e431eadfb8f5fe50e8b81","assocAssetId":"","IMSI":"undefined","IMEI":"860374051096202"}`;

function events(body: string) {
  const r = parseCtwingPush(body, opts);
  if (!r.ok) throw new Error(`refused: ${r.refusal.reason} ${r.refusal.detail}`);
  return r;
}

describe("CTWing dataReport (thing model)", () => {
  it("turns Alarm_Status 1 into a smoke alarm of the right platform device, with battery and signal", () => {
    const r = events(dataReport(1));
    expect(r.skipped).toEqual([]);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.type).toBe("smoke_alarm");
    expect(e.source).toBe("ctwing");
    expect(e.platformDevice).toEqual({
      platform: "ctwing",
      productId: "17100001",
      deviceId: "acf7baaee65e431eadfb8f5fe50e8b81",
      imei: "860374051096202",
    });
    expect(e.ts).toBe(T);
    // RSRP is sent without its sign; CSQ 5 gives rssi -113 + 2 * 5 (3GPP TS 27.007).
    expect(e.fields).toEqual({ battery: 100, snr: 1, rssi: -103, signal: { rsrp: -114, csq: 5, cellId: "38848339" } });
    expect(e.raw).toBe(dataReport(1));
  });

  it("reads the rest of the Alarm_Status code table", () => {
    const cases: [number, string][] = [
      [2, "mute"],
      [4, "low_battery"],
      [5, "fault"],
      [6, "fault"],
      [7, "heartbeat"],
      [8, "mute"],
      [10, "tamper"],
      [11, "tamper_restored"],
      [12, "online"],
      [13, "fault"],
      [14, "test_alarm"],
    ];
    for (const [code, type] of cases) expect(events(dataReport(code)).events.map((e) => e.type)).toEqual([type]);
  });

  it("gives the same msgId to the same push twice, and another to a different push", () => {
    const a = events(dataReport(1)).events[0]!.msgId;
    expect(events(dataReport(1)).events[0]!.msgId).toBe(a);
    expect(events(dataReport(7)).events[0]!.msgId).not.toBe(a);
    // the same content with its keys in another order is the same message
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(dataReport(1)) as object).reverse()));
    expect(events(reordered).events[0]!.msgId).toBe(a);
    expect(a.length).toBeLessThanOrEqual(64);
  });

  it("keeps an unknown code's message as the model's default and says what it skipped", () => {
    const r = events(dataReport(3));
    expect(r.events.map((e) => e.type)).toEqual(["heartbeat"]);
    expect(r.events[0]!.fields.battery).toBe(100);
    expect(r.skipped).toEqual([{ reason: "unknown_code", detail: expect.stringContaining("Alarm_Status=3") }]);
  });

  it("drops an out-of-range value with a reason and keeps the alarm", () => {
    const body = dataReport(1).replace('"Battery_Level":100', '"Battery_Level":180');
    const r = events(body);
    expect(r.events[0]!.type).toBe("smoke_alarm");
    expect(r.events[0]!.fields.battery).toBeUndefined();
    expect(r.skipped[0]).toMatchObject({ reason: "bad_field", detail: expect.stringContaining("Battery_Level") });
  });

  it("uses the receipt time when the platform's timestamp is not sane", () => {
    const body = dataReport(1).replace(`"timestamp":${T}`, '"timestamp":12');
    expect(events(body).events[0]!.ts).toBe(NOW);
  });

  it("refuses a product it has no profile for", () => {
    const r = parseCtwingPush(dataReport(1).replace('"productId":"17100001"', '"productId":"99999999"'), opts);
    expect(r).toMatchObject({ ok: false, refusal: { reason: "no_profile" } });
  });
});

describe("CTWing dataReport (transparent)", () => {
  // Anxin frame v1: A5 01 | status 01 | battery 5A (90) | smoke 028A (650) | SNR FB (-5) |
  // RSRP FBE6 (-1050 tenths of dBm) | CSQ 0C (12) | Cell_ID 0123ABCD
  const appData = Buffer.from("A501015A028AFBFBE60C0123ABCD", "hex").toString("base64");
  const report = (b64: string) =>
    `{"upPacketSN":"","upDataSN":"","topic":"v1/up/ad","timestamp":${T},"tenantId":"10461180","serviceId":"",` +
    `"protocol":"lwm2m","productId":"17100002","payload":{"APPdata":"${b64}"},"messageType":"dataReport",` +
    `"deviceType":"","deviceId":"44d0b9e48d404094bbbcf889e4e64ece","assocAssetId":"","IMSI":"undefined","IMEI":"860803030676429"}`;

  it("reads the byte layout the profile gives", () => {
    const r = events(report(appData));
    expect(r.events.map((e) => e.type)).toEqual(["smoke_alarm"]);
    expect(r.events[0]!.fields).toEqual({
      battery: 90,
      smoke: 650,
      snr: -5,
      rssi: -89,
      signal: { rsrp: -105, csq: 12, cellId: "0123ABCD" },
    });
  });

  it("refuses a frame of another kind, a short frame and a payload that is not base64", () => {
    const other = Buffer.from("B701015A028AFBFBE60C0123ABCD", "hex").toString("base64");
    const short = Buffer.from("A501015A", "hex").toString("base64");
    for (const b64 of [other, short, "not base64!"])
      expect(parseCtwingPush(report(b64), opts)).toMatchObject({ ok: false, refusal: { reason: "bad_payload" } });
  });
});

describe("CTWing deviceOnlineOfflineReport, eventReport, commandResponse", () => {
  const onlineOffline = (eventType: number) =>
    `{"timestamp":${T},"tenantId":"2000033827","protocol":"lwm2m","productId":"17100001",` +
    `"messageType":"deviceOnlineOfflineReport","iccid":"undefined","eventType":${eventType},"deviceId":"d01308047f864601a821e02dc328eab4"}`;

  it("turns eventType 1 into online and 0 into offline", () => {
    expect(events(onlineOffline(1)).events.map((e) => [e.type, e.platformDevice.deviceId])).toEqual([
      ["online", "d01308047f864601a821e02dc328eab4"],
    ]);
    expect(events(onlineOffline(0)).events[0]!.type).toBe("offline");
    expect(parseCtwingPush(onlineOffline(5), opts)).toMatchObject({ ok: false, refusal: { reason: "bad_field" } });
  });

  it("turns a fault eventReport into a fault, and reads Alarm_Status in eventContent", () => {
    const ev = (eventType: number, content: string) =>
      `{"timestamp":${T},"tenantId":"2000033827","serviceId":1002,"protocol":"lwm2m","productId":"17100001",` +
      `"messageType":"eventReport","eventType":${eventType},"eventContent":${content},"deviceSn":"",` +
      `"deviceId":"d01308047f864601a821e02dc328eab4","IMSI":"undefined","IMEI":"161941770261953"}`;
    expect(events(ev(3, '{"error_code":7}')).events.map((e) => e.type)).toEqual(["fault"]);
    expect(events(ev(2, '{"Alarm_Status":4,"Battery_Level":8}')).events.map((e) => [e.type, e.fields.battery])).toEqual(
      [["low_battery", 8]],
    );
  });

  it("turns commandResponse into a command_ack for the task", () => {
    const cr = (code: string) =>
      `{"timestamp":${T},"tenantId":"10461180","taskId":1,"result":{"resultDetail":"","resultCode":"${code}"},` +
      `"protocol":"lwm2m","productId":"17100001","messageType":"commandResponse","deviceId":"44d0b9e48d404094bbbcf889e4e64ece"}`;
    expect(events(cr("DELIVERED")).events[0]).toMatchObject({
      type: "command_ack",
      fields: { commandId: "1", result: "delivered" },
    });
    expect(events(cr("COMPLETED")).events[0]!.fields.result).toBe("ok");
    expect(events(cr("TTLTIMEOUT")).events[0]!.fields.result).toBe("ttltimeout");
    expect(events(cr("SENT")).events[0]!.msgId).not.toBe(events(cr("DELIVERED")).events[0]!.msgId);
  });
});

describe("CTWing refusals", () => {
  it("refuses bad bodies with a reason", () => {
    const cases: [string, string][] = [
      ["{not json", "malformed_json"],
      ["[1,2]", "not_an_object"],
      ['"text"', "not_an_object"],
      [`{"messageType":"dataReport","productId":"17100001"}`, "missing_field"],
      [`{"messageType":"deviceOnlineOfflineReport","deviceId":"a\\u0000b","eventType":1}`, "missing_field"],
      [`{"messageType":"somethingNew","deviceId":"abc"}`, "unknown_message_type"],
      [`{"messageType":"commandResponse","deviceId":"abc","result":{"resultCode":"SENT"}}`, "missing_field"],
      [`{"messageType":"dataReport","deviceId":"abc","productId":"17100001","payload":{}}`, "missing_field"],
      [`{"a":"${"x".repeat(70_000)}"}`, "oversized"],
      [`${"[".repeat(20)}${"]".repeat(20)}`, "oversized"],
    ];
    for (const [body, reason] of cases)
      expect(parseCtwingPush(body, opts), body.slice(0, 60)).toMatchObject({ ok: false, refusal: { reason } });
  });
});
