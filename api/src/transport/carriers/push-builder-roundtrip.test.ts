// The simulator's push builder (api/stand-ins/carrier-push-builder.ts) must produce what the parsers accept,
// or the demo would show nothing. (The parser tests themselves use hand-written bodies.)
import { describe, expect, it } from "vitest";
import {
  anxinSmokeFrame,
  ctwingDataReport,
  ctwingOnlineOffline,
  ctwingTransparentReport,
  onenetDataPoint,
  onenetOnlineOffline,
  onenetPushBody,
} from "../../../stand-ins/carrier-push-builder.ts";
import { parseCtwingPush } from "./ctwing-push.ts";
import { onenetAesKey } from "./onenet-crypto.ts";
import { parseOnenetPush } from "./onenet-push.ts";
import { loadProfiles } from "./profile-loader.ts";

const profiles = loadProfiles();
const resolveProfile = profiles.resolver({ "onenet:5001": "onenet-nb-smoke-datastreams" });
const now = Date.now();

describe("carrier push builder", () => {
  it("builds CTWing pushes the parser reads", () => {
    const d = { productId: "17100001", deviceId: "sim-1", imei: "860000000000001" };
    const types = (body: unknown) => {
      const r = parseCtwingPush(JSON.stringify(body), { now, resolveProfile });
      return r.ok ? r.events.map((e) => e.type) : r.refusal.reason;
    };
    expect(types(ctwingDataReport(d, { Alarm_Status: 1, Battery_Level: 80 }))).toEqual(["smoke_alarm"]);
    expect(types(ctwingOnlineOffline(d, false))).toEqual(["offline"]);
    const t = { productId: "17100002", deviceId: "sim-2" };
    expect(types(ctwingTransparentReport(t, anxinSmokeFrame({ status: 14, battery: 70 })))).toEqual(["test_alarm"]);
  });

  it("builds OneNET pushes, plain and encrypted, the parser reads", () => {
    const key = "B".repeat(43);
    const msg = [onenetDataPoint(5001, "Alarm_Status", 1), onenetOnlineOffline(5001, true)];
    for (const body of [onenetPushBody(msg, "tok"), onenetPushBody(msg, "tok", { encodingAesKey: key })]) {
      const r = parseOnenetPush(body, { token: "tok", aesKey: onenetAesKey(key), now, resolveProfile });
      expect(r.ok && r.events.map((e) => e.type)).toEqual(["smoke_alarm", "online"]);
    }
  });
});
