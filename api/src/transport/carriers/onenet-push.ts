// OneNET (China Mobile) HTTP data pushes: a POST whose body is {msg, msg_signature, nonce}, or
// {enc_msg, msg_signature, nonce} in the encrypted form; msg is one message or an array of them, each with
// type 1 (a data point: dev_id, ds_id, at, value), 2 (online/offline: status, login_type) or 7 (the result of
// a cached command on an NB device: cmd_id, cmd_type). OneNET data push developer guide; FIELD-FACTS
// section 3. Never throws.
import {
  fireFirst,
  type CarrierDeviceEvent,
  type CarrierEventFields,
  type CarrierUplinkType,
  type PlatformDevice,
} from "./event.ts";
import {
  asObject,
  idOf,
  imeiOf,
  LIMITS,
  numberOf,
  parseBoundedJson,
  saneTs,
  type Json,
  type JsonObject,
} from "./limits.ts";
import { topLevelValueSpan } from "./json-span.ts";
import { decryptOnenetMessage, type OnenetAesKey } from "./onenet-crypto.ts";
import { signatureMatches } from "./onenet-signature.ts";
import type { ProfileResolver } from "./profile-loader.ts";
import { decodeProperties, typesOf } from "./profile-decode.ts";
import { refuse, type PushOutcome, type Refusal } from "./refusal.ts";
import { contentId } from "./stable-id.ts";

export interface OnenetPushOptions {
  /** the Token configured for the push on OneNET */
  token: string;
  /** the EncodingAESKey, when the push is set to the encrypted (safe) mode */
  aesKey?: OnenetAesKey;
  /** receipt time, ms (from the injected clock) */
  now: number;
  resolveProfile: ProfileResolver;
}

export function parseOnenetPush(body: string | Buffer, opts: OnenetPushOptions): PushOutcome {
  if (opts.token.length === 0) return refuse("not_configured", "no OneNET push token configured");
  const parsed = parseBoundedJson(body);
  if (!parsed.ok) return parsed;
  const o = asObject(parsed.value);
  if (!o) return refuse("not_an_object", Array.isArray(parsed.value) ? "array" : typeof parsed.value);
  const nonce = o.nonce;
  const signature = o.msg_signature;
  if (typeof nonce !== "string" || nonce.length === 0 || nonce.length > 64)
    return refuse("missing_field", "push without a nonce");
  if (typeof signature !== "string") return refuse("missing_field", "push without msg_signature");
  const msg = openMessage(o, parsed.text, nonce, signature, opts);
  if (!msg.ok) return msg;
  const items = Array.isArray(msg.value) ? msg.value : [msg.value];
  if (items.length > LIMITS.items) return refuse("oversized", `${items.length} messages > ${LIMITS.items}`);
  const events: CarrierDeviceEvent[] = [];
  const skipped: Refusal[] = [];
  items.forEach((item, i) => {
    const r = itemEvents(item, parsed.text, opts);
    if ("reason" in r) skipped.push({ reason: r.reason, detail: `msg[${i}]: ${r.detail}` });
    else {
      events.push(...r.events);
      skipped.push(...r.skipped.map((s) => ({ reason: s.reason, detail: `msg[${i}]: ${s.detail}` })));
    }
  });
  return { ok: true, events: fireFirst(events), skipped };
}

/** Checks the signature and returns msg as a value, decrypting enc_msg first in the encrypted form. */
function openMessage(
  o: JsonObject,
  text: string,
  nonce: string,
  signature: string,
  opts: OnenetPushOptions,
): { ok: true; value: Json } | { ok: false; refusal: Refusal } {
  if (o.enc_msg !== undefined) {
    if (typeof o.enc_msg !== "string") return refuse("bad_field", "enc_msg is not a string");
    if (!opts.aesKey) return refuse("no_aes_key", "encrypted push and no OneNET AES key configured");
    if (!signatureMatches(signature, opts.token, nonce, o.enc_msg))
      return refuse("bad_signature", "msg_signature over enc_msg");
    const plain = decryptOnenetMessage(o.enc_msg, opts.aesKey);
    if (plain === null) return refuse("decrypt_failed", "enc_msg does not decrypt with the configured key");
    const inner = parseBoundedJson(plain);
    return inner.ok
      ? { ok: true, value: inner.value }
      : refuse("decrypt_failed", `decrypted msg: ${inner.refusal.detail}`);
  }
  if (o.msg === undefined) return refuse("missing_field", "push without msg or enc_msg");
  // msg is signed as OneNET wrote it: the exact text in the body; a msg sent as a JSON string is signed as
  // that string's content.
  if (typeof o.msg === "string") {
    if (!signatureMatches(signature, opts.token, nonce, o.msg))
      return refuse("bad_signature", "msg_signature over msg");
    const inner = parseBoundedJson(o.msg);
    return inner.ok ? { ok: true, value: inner.value } : { ok: false, refusal: inner.refusal };
  }
  // Should a relay have re-spaced the body, the compact form OneNET writes is tried as well.
  const span = topLevelValueSpan(text, "msg");
  const asSent = span ? text.slice(span[0], span[1]) : undefined;
  const signed =
    (asSent !== undefined && signatureMatches(signature, opts.token, nonce, asSent)) ||
    (asSent !== JSON.stringify(o.msg) && signatureMatches(signature, opts.token, nonce, JSON.stringify(o.msg)));
  if (!signed) return refuse("bad_signature", "msg_signature over msg");
  return { ok: true, value: o.msg };
}

type ItemResult = { events: CarrierDeviceEvent[]; skipped: Refusal[] } | Refusal;

function itemEvents(item: Json, raw: string, opts: OnenetPushOptions): ItemResult {
  const m = asObject(item);
  if (!m) return { reason: "not_an_object", detail: "message is not an object" };
  const deviceId = idOf(m.dev_id);
  if (!deviceId) return { reason: "missing_field", detail: "no dev_id" };
  const imei = imeiOf(m.imei);
  const device: PlatformDevice = { platform: "onenet", deviceId, ...(imei && { imei }) };
  const ts = saneTs(m.at, opts.now);
  const make = (prefix: string, types: CarrierUplinkType[], fields: CarrierEventFields): CarrierDeviceEvent[] => {
    const id = contentId(prefix, m);
    return types.map((type, i) => ({
      platformDevice: device,
      msgId: i === 0 ? id : `${id}.${i}`,
      ts,
      type,
      fields,
      source: "onenet",
      raw,
    }));
  };
  switch (numberOf(m.type)) {
    case 1:
      return dataPoint(m, device, opts, make);
    case 2: {
      // status 1 online, 0 offline; login_type 10 is NB-IoT.
      const s = numberOf(m.status);
      if (s !== 0 && s !== 1) return { reason: "bad_field", detail: `status ${JSON.stringify(m.status ?? null)}` };
      return { events: make("on-ol", [s === 1 ? "online" : "offline"], {}), skipped: [] };
    }
    case 7:
      return cachedCommandResult(m, make);
    default:
      return { reason: "unknown_message_type", detail: `type ${JSON.stringify(m.type ?? null)}` };
  }
}

function dataPoint(
  m: JsonObject,
  device: PlatformDevice,
  opts: OnenetPushOptions,
  make: (p: string, t: CarrierUplinkType[], f: CarrierEventFields) => CarrierDeviceEvent[],
): ItemResult {
  const ds =
    typeof m.ds_id === "string" && m.ds_id.length > 0 && m.ds_id.length <= LIMITS.idChars ? m.ds_id : undefined;
  if (!ds) return { reason: "missing_field", detail: "data point without ds_id" };
  const profile = opts.resolveProfile(device);
  if (!profile || profile.format.kind !== "datastreams")
    return { reason: "no_profile", detail: `onenet device ${device.deviceId}` };
  if (!Object.hasOwn(profile.fields, ds))
    return { reason: "bad_field", detail: `ds_id ${ds} is not in profile ${profile.id}` };
  const d = decodeProperties(profile, (name) => (name === ds ? m.value : undefined));
  return { events: make("on-dp", typesOf(profile, d), d.fields), skipped: d.skipped };
}

// cmd_type 1: the device acknowledged the command (ACK); 2: it confirmed carrying it out (Confirm). The
// cached-command record's send_status (4 expired, 6 failed) and confirm_status (0 success, else an error)
// are read when the push carries them.
function cachedCommandResult(
  m: JsonObject,
  make: (p: string, t: CarrierUplinkType[], f: CarrierEventFields) => CarrierDeviceEvent[],
): ItemResult {
  const commandId = idOf(m.cmd_id);
  if (!commandId) return { reason: "missing_field", detail: "type 7 without cmd_id" };
  const sendStatus = numberOf(m.send_status);
  const confirmStatus = numberOf(m.confirm_status);
  let result: string;
  if (sendStatus === 4) result = "expired";
  else if (sendStatus === 6) result = "send_failed";
  else if (confirmStatus !== undefined && confirmStatus !== 0)
    result = `confirm_failed_${Math.trunc(confirmStatus)}`.slice(0, 32);
  else if (numberOf(m.cmd_type) === 2) result = "ok";
  else if (numberOf(m.cmd_type) === 1) result = "delivered";
  else result = "sent";
  return { events: make("on-cr", ["command_ack"], { commandId, result }), skipped: [] };
}
