// Builds the bodies CTWing and OneNET push to an application, for the simulator and the platform stand-ins
// (the platform side of the contract). The parsers in api/src/transport/carriers never use this, and their
// tests write their push bodies by hand from the platforms' documents instead.
import { createCipheriv, randomBytes } from "node:crypto";
import { onenetSignature } from "../src/transport/carriers/onenet-signature.ts";

export const DEMO_CTWING_TENANT = "10000001";

interface CtwingDevice {
  productId: string;
  deviceId: string;
  imei?: string;
}

/** A thing-model dataReport: the properties under payload.serviceData. */
export function ctwingDataReport(
  d: CtwingDevice,
  serviceData: Record<string, number | string>,
  o: { timestamp?: number; upPacketSN?: number; serviceId?: string } = {},
): Record<string, unknown> {
  return {
    upPacketSN: o.upPacketSN ?? -1,
    upDataSN: -1,
    topic: "v1/up/ad",
    timestamp: o.timestamp ?? Date.now(),
    tenantId: DEMO_CTWING_TENANT,
    serviceId: "",
    protocol: "lwm2m",
    productId: d.productId,
    payload: { serviceId: o.serviceId ?? "notification", serviceData },
    messageType: "dataReport",
    deviceType: "",
    deviceId: d.deviceId,
    assocAssetId: "",
    IMSI: "undefined",
    IMEI: d.imei ?? "",
  };
}

/** A transparent dataReport: the bytes as {"APPdata": base64}. */
export function ctwingTransparentReport(
  d: CtwingDevice,
  bytes: Buffer,
  o: { timestamp?: number } = {},
): Record<string, unknown> {
  return { ...ctwingDataReport(d, {}, o), payload: { APPdata: bytes.toString("base64") } };
}

export function ctwingOnlineOffline(d: CtwingDevice, online: boolean, timestamp = Date.now()): Record<string, unknown> {
  return {
    timestamp,
    tenantId: DEMO_CTWING_TENANT,
    protocol: "lwm2m",
    productId: d.productId,
    messageType: "deviceOnlineOfflineReport",
    iccid: "undefined",
    eventType: online ? 1 : 0,
    deviceId: d.deviceId,
  };
}

export function ctwingCommandResponse(
  d: CtwingDevice,
  taskId: number,
  resultCode: string,
  o: { timestamp?: number; resultDetail?: string } = {},
): Record<string, unknown> {
  return {
    timestamp: o.timestamp ?? Date.now(),
    tenantId: DEMO_CTWING_TENANT,
    taskId,
    result: { resultDetail: o.resultDetail ?? "", resultCode },
    protocol: "lwm2m",
    productId: d.productId,
    messageType: "commandResponse",
    deviceId: d.deviceId,
  };
}

/** Anxin transparent smoke frame v1 (profile ctwing-nb-smoke-transparent): 14 bytes. */
export function anxinSmokeFrame(f: {
  status: number;
  battery: number;
  smoke?: number;
  snr?: number;
  rsrpTenths?: number;
  csq?: number;
  cellIdHex?: string;
}): Buffer {
  const b = Buffer.alloc(14);
  b.writeUInt8(0xa5, 0);
  b.writeUInt8(0x01, 1);
  b.writeUInt8(f.status, 2);
  b.writeUInt8(f.battery, 3);
  b.writeUInt16BE(f.smoke ?? 0, 4);
  b.writeInt8(f.snr ?? 0, 6);
  b.writeInt16BE(f.rsrpTenths ?? -1000, 7);
  b.writeUInt8(f.csq ?? 99, 9);
  Buffer.from((f.cellIdHex ?? "00000000").padStart(8, "0").slice(-8), "hex").copy(b, 10);
  return b;
}

export function onenetDataPoint(
  devId: number,
  dsId: string,
  value: unknown,
  o: { at?: number; imei?: string } = {},
): Record<string, unknown> {
  return { at: o.at ?? Date.now(), type: 1, ds_id: dsId, value, dev_id: devId, ...(o.imei && { imei: o.imei }) };
}

export function onenetOnlineOffline(devId: number, online: boolean, at = Date.now()): Record<string, unknown> {
  return { at, type: 2, dev_id: devId, status: online ? 1 : 0, login_type: 10 };
}

export function onenetCommandResult(
  devId: number,
  cmdId: string,
  cmdType: 1 | 2,
  o: { at?: number; imei?: string } = {},
): Record<string, unknown> {
  return {
    at: o.at ?? Date.now(),
    type: 7,
    dev_id: devId,
    cmd_type: cmdType,
    cmd_id: cmdId,
    ...(o.imei && { imei: o.imei }),
  };
}

/**
 * The push body: {msg, msg_signature, nonce} signed with the push Token, or {enc_msg, ...} when the push is
 * in the encrypted mode (AES-256-CBC, key Base64(EncodingAESKey + "="), IV its first 16 bytes, plaintext =
 * 16 random bytes + 4-byte big-endian length + msg, PKCS#7 padding).
 */
export function onenetPushBody(
  msg: unknown,
  token: string,
  o: { nonce?: string; encodingAesKey?: string } = {},
): string {
  const nonce = o.nonce ?? randomBytes(6).toString("base64").slice(0, 8);
  const text = JSON.stringify(msg);
  if (!o.encodingAesKey)
    return `{"msg":${text},"msg_signature":${JSON.stringify(onenetSignature(token, nonce, text))},"nonce":${JSON.stringify(nonce)}}`;
  const key = Buffer.from(`${o.encodingAesKey}=`, "base64");
  const body = Buffer.from(text, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length, 0);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  const encMsg = Buffer.concat([cipher.update(Buffer.concat([randomBytes(16), len, body])), cipher.final()]).toString(
    "base64",
  );
  return JSON.stringify({ enc_msg: encMsg, msg_signature: onenetSignature(token, nonce, encMsg), nonce });
}
