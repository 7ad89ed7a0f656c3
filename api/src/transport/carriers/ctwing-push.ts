// CTWing (China Telecom AIoT) subscription pushes: one JSON message per POST, with `messageType`
// dataReport, deviceOnlineOfflineReport, eventReport or commandResponse (FIELD-FACTS section 3; field
// names as CTWing's subscription documentation and real pushes write them: tenantId, productId, deviceId,
// IMEI, timestamp, upPacketSN, payload...). Never throws; the URL token is checked before (ctwing-access.ts).
import { decodeBase64Payload, frameMatches, readBytes } from "./byte-layout.ts";
import {
  fireFirst,
  type CarrierDeviceEvent,
  type CarrierEventFields,
  type CarrierUplinkType,
  type PlatformDevice,
} from "./event.ts";
import {
  asObject,
  atPath,
  idOf,
  imeiOf,
  numberOf,
  parseBoundedJson,
  saneTs,
  textOf,
  type JsonObject,
} from "./limits.ts";
import type { ProfileResolver } from "./profile-loader.ts";
import { decodeProperties, typesOf, type Decoded } from "./profile-decode.ts";
import type { ProductProfile } from "./profile-schema.ts";
import { refuse, type PushOutcome, type Refusal } from "./refusal.ts";
import { contentId } from "./stable-id.ts";

export interface CtwingPushOptions {
  /** receipt time, ms (from the injected clock) */
  now: number;
  resolveProfile: ProfileResolver;
}

interface Message {
  o: JsonObject;
  device: PlatformDevice;
  ts: number;
  raw: string;
}

export function parseCtwingPush(body: string | Buffer, opts: CtwingPushOptions): PushOutcome {
  const parsed = parseBoundedJson(body);
  if (!parsed.ok) return parsed;
  const o = asObject(parsed.value);
  if (!o) return refuse("not_an_object", Array.isArray(parsed.value) ? "array" : typeof parsed.value);
  const type = textOf(o.messageType, 64);
  const deviceId = idOf(o.deviceId);
  if (!deviceId) return refuse("missing_field", `${type ?? "message"} without deviceId`);
  const productId = idOf(o.productId);
  const imei = imeiOf(o.IMEI) ?? imeiOf(o.imei);
  const device: PlatformDevice = {
    platform: "ctwing",
    deviceId,
    ...(productId && { productId }),
    ...(imei && { imei }),
  };
  const m: Message = { o, device, ts: saneTs(o.timestamp, opts.now), raw: parsed.text };
  switch (type) {
    case "dataReport":
      return dataReport(m, opts.resolveProfile(device));
    case "deviceOnlineOfflineReport":
      return onlineOffline(m);
    case "eventReport":
      return eventReport(m, opts.resolveProfile(device));
    case "commandResponse":
      return commandResponse(m);
    default:
      return refuse("unknown_message_type", `messageType ${JSON.stringify(type ?? null)}`);
  }
}

function event(m: Message, msgId: string, type: CarrierUplinkType, fields: CarrierEventFields): CarrierDeviceEvent {
  return { platformDevice: m.device, msgId, ts: m.ts, type, fields, source: "ctwing", raw: m.raw };
}

/** One event per type the message stands for; the id of the second and later ones gets a suffix. */
function events(
  m: Message,
  prefix: string,
  types: CarrierUplinkType[],
  fields: CarrierEventFields,
  skipped: Refusal[],
): PushOutcome {
  const id = contentId(prefix, m.o);
  const list = types.map((t, i) => event(m, i === 0 ? id : `${id}.${i}`, t, fields));
  return { ok: true, events: fireFirst(list), skipped };
}

function dataReport(m: Message, profile: ProductProfile | undefined): PushOutcome {
  if (!profile) return refuse("no_profile", `ctwing product ${m.device.productId ?? "?"}`);
  let d: Decoded;
  if (profile.format.kind === "transparent") {
    const bytes = decodeBase64Payload(atPath(m.o, profile.format.path));
    if (!bytes.ok) return { ok: false, refusal: bytes.refusal };
    const buf = bytes.bytes;
    if (buf.length < profile.format.minBytes || !frameMatches(buf, profile.format.frame))
      return refuse(
        "bad_payload",
        `${buf.length} bytes, frame ${buf.subarray(0, 4).toString("hex")} not ${profile.id}'s`,
      );
    d = decodeProperties(profile, (name) => {
      const spec = profile.fields[name]?.bytes;
      return spec ? readBytes(buf, spec) : undefined;
    });
  } else if (profile.format.kind === "thing_model") {
    const props = asObject(atPath(m.o, profile.format.path));
    if (!props) return refuse("missing_field", `no object at ${profile.format.path}`);
    d = decodeProperties(profile, (name) => (Object.hasOwn(props, name) ? props[name] : undefined));
  } else {
    return refuse("no_profile", `profile ${profile.id} does not read CTWing pushes`);
  }
  return events(m, "ct-dr", typesOf(profile, d), d.fields, d.skipped);
}

function onlineOffline(m: Message): PushOutcome {
  // eventType 1 online, 0 offline (CTWing subscription documentation).
  const t = numberOf(m.o.eventType);
  if (t !== 0 && t !== 1) return refuse("bad_field", `eventType ${JSON.stringify(m.o.eventType ?? null)}`);
  return events(m, "ct-ol", [t === 1 ? "online" : "offline"], {}, []);
}

// eventType 1 information, 2 warning, 3 fault. A profile may give eventType its own code table; without one,
// a fault event is a fault and the others count as the model's default (the properties say more).
function eventReport(m: Message, profile: ProductProfile | undefined): PushOutcome {
  if (!profile) return refuse("no_profile", `ctwing product ${m.device.productId ?? "?"}`);
  const path = profile.format.kind === "thing_model" ? profile.format.eventPath : "eventContent";
  const props = asObject(atPath(m.o, path)) ?? {};
  const d = decodeProperties(profile, (name) => (Object.hasOwn(props, name) ? props[name] : undefined));
  if (d.types.length === 0) {
    const code = numberOf(m.o.eventType);
    const table = profile.eventTypeCodes ? profile.codeTables[profile.eventTypeCodes] : undefined;
    const byTable = code === undefined ? undefined : table?.[String(code)];
    if (byTable) d.types.push(byTable);
    else if (code === 3) d.types.push("fault");
  }
  return events(m, "ct-ev", typesOf(profile, d), d.fields, d.skipped);
}

// resultCode as CTWing reports a command's progress: SENT (on its way), DELIVERED (the device received it),
// COMPLETED / SUCCESS (the device answered); anything else (FAILED, TTLTIMEOUT, ...) is a failure reason.
const CTWING_RESULTS: Readonly<Record<string, string>> = {
  SENT: "sent",
  DELIVERED: "delivered",
  COMPLETED: "ok",
  SUCCESS: "ok",
};

function commandResponse(m: Message): PushOutcome {
  const commandId = idOf(m.o.taskId) ?? idOf(m.o.commandId);
  if (!commandId) return refuse("missing_field", "commandResponse without taskId");
  const result = asObject(m.o.result);
  const code = textOf(result?.resultCode, 32)?.toUpperCase();
  if (!code) return refuse("missing_field", "commandResponse without result.resultCode");
  const mapped = CTWING_RESULTS[code] ?? code.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return events(m, "ct-cr", ["command_ack"], { commandId, result: mapped }, []);
}
