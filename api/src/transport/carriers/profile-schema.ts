// What a product profile may say, checked with zod when it is loaded (issue 20 point 2: a new product is a
// new JSON file, no code). Every list and string has a bound, so a profile cannot make decoding unbounded.
import { z } from "zod";
import { CARRIER_UPLINK_TYPES } from "./event.ts";
import { LIMITS } from "./limits.ts";

/** The part a field plays in the neutral event. */
export const FIELD_ROLES = [
  "status", // a code looked up in a code table: gives the event type
  "battery", // percent 0..100
  "smoke", // smoke density 0..1000
  "rssi", // dBm -150..0
  "snr", // dB -50..50
  "rsrp", // dBm -200..0, into fields.signal
  "csq", // 0..31 or 99 (unknown), into fields.signal
  "cellId", // serving cell id, into fields.signal
  "reading", // a measurement, into fields.values[name]
  "ignore", // known and deliberately unused
] as const;

const uplinkType = z.enum(CARRIER_UPLINK_TYPES);
// Field names are what the platform sends: thing-model identifiers, ds_id ("Alarm_Status", "3200_0_5750").
const fieldName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, "letters, digits, _ . - (at most 64)");
const valueName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "lower-case letters, digits and _ (at most 32)");
const dottedPath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,3}$/, "a.b.c, at most 4 steps");

const byteSpec = z
  .object({
    offset: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.payloadBytes - 1),
    length: z.number().int().min(1).max(16),
    /** uint/int: 1, 2 or 4 bytes; hex: upper-case hex string; ascii: printable text */
    type: z.enum(["uint", "int", "hex", "ascii"]),
    endian: z.enum(["big", "little"]).default("big"),
  })
  .strict()
  .refine((b) => (b.type !== "uint" && b.type !== "int") || [1, 2, 4].includes(b.length), {
    message: "uint and int fields are 1, 2 or 4 bytes long",
    path: ["length"],
  })
  .refine((b) => b.offset + b.length <= LIMITS.payloadBytes, {
    message: `ends beyond ${LIMITS.payloadBytes} bytes`,
    path: ["offset"],
  });

const fieldSpec = z
  .object({
    role: z.enum(FIELD_ROLES),
    /** status: the code table to look the value up in */
    codes: z.string().max(32).optional(),
    /** reading: its key in fields.values */
    name: valueName.optional(),
    unit: z.string().max(16).optional(),
    /** the value sent times scale is the value in unit (RSRP sent as 114 for -114 dBm: scale -1) */
    scale: z
      .number()
      .finite()
      .refine((n) => n !== 0, "must not be 0")
      .default(1),
    /** transparent payloads: where the field sits in the bytes */
    bytes: byteSpec.optional(),
    note: z.string().max(200).optional(),
  })
  .strict();

const codeTable = z
  .record(z.string().regex(/^-?\d{1,6}$/, "codes are integers"), uplinkType)
  .refine((t) => Object.keys(t).length <= 64, "at most 64 codes");

const format = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("thing_model"),
      /** where the reported properties sit in a CTWing dataReport */
      path: dottedPath.default("payload.serviceData"),
      /** where an eventReport's properties sit */
      eventPath: dottedPath.default("eventContent"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("transparent"),
      /** the base64 payload in a CTWing dataReport */
      path: dottedPath.default("payload.APPdata"),
      minBytes: z.number().int().min(1).max(LIMITS.payloadBytes),
      /** bytes that mark this frame kind (e.g. a header), checked before anything is read */
      frame: z
        .object({ offset: z.number().int().min(0).max(64), hex: z.string().regex(/^([0-9A-F]{2}){1,8}$/) })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ kind: z.literal("datastreams") }).strict(),
]);

// Commands (docs/device-protocol.md section 3): mute, self_test, set_heartbeat_interval. "{seconds}" in a
// template is replaced by the interval.
const ctwingThingCommand = z
  .object({
    serviceIdentifier: z.string().regex(/^[A-Za-z0-9_]{1,64}$/),
    params: z
      .record(z.string().regex(/^[A-Za-z0-9_]{1,64}$/), z.union([z.number().finite(), z.string().max(64)]))
      .refine((p) => Object.keys(p).length <= 16, "at most 16 params"),
  })
  .strict();
const ctwingTransparentCommand = z
  .object({
    /** hex bytes, with {seconds:u16} or {seconds:u32} for the interval (big-endian) */
    payloadHex: z
      .string()
      .regex(/^([0-9A-F]{2}|\{seconds:u(16|32)\})+$/, "hex pairs and {seconds:u16|u32}")
      .max(256),
  })
  .strict();
const onenetCommand = z
  .object({
    objId: z.number().int().min(0).max(65535),
    objInstId: z.number().int().min(0).max(65535),
    resId: z.number().int().min(0).max(65535),
    /** the execute argument string (OneNET allows 2k) */
    args: z.string().max(2048).default(""),
  })
  .strict();
export const commandSpec = z.union([ctwingThingCommand, ctwingTransparentCommand, onenetCommand]);

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, "lower-case letters, digits and -"),
    /** what staff see: the product's name in Chinese */
    name: z.string().min(1).max(80),
    platform: z.enum(["ctwing", "onenet"]),
    model: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/),
    /** the platform's product ids this profile reads (CTWing productId; OneNET product id) */
    productIds: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
      .max(50)
      .default([]),
    /** the model's heartbeat interval, for offline detection per model (FIELD-FACTS section 2) */
    heartbeatSec: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .optional(),
    format,
    fields: z.record(fieldName, fieldSpec).refine((f) => Object.keys(f).length <= 32, "at most 32 fields"),
    codeTables: z
      .record(z.string().regex(/^[A-Za-z0-9_]{1,32}$/), codeTable)
      .refine((t) => Object.keys(t).length <= 8, "at most 8 code tables")
      .default({}),
    /** CTWing eventReport: the code table for eventType (1 info, 2 warning, 3 fault) */
    eventTypeCodes: z.string().max(32).optional(),
    /** the type of a message that carries no status code and no reading */
    defaultType: uplinkType.default("heartbeat"),
    /** a reading at or above a level gives this type too (e.g. 25 %LEL: gas_alarm, GB 15322 for homes) */
    thresholds: z
      .array(z.object({ value: valueName, atOrAbove: z.number().finite(), type: uplinkType }).strict())
      .max(8)
      .default([]),
    commands: z
      .object({ mute: commandSpec, self_test: commandSpec, set_heartbeat_interval: commandSpec })
      .partial()
      .strict()
      .default({}),
  })
  .strict()
  .superRefine(crossCheck);

export type ProductProfile = z.infer<typeof profileSchema>;
export type FieldSpec = z.infer<typeof fieldSpec>;
export type ByteSpec = z.infer<typeof byteSpec>;
export type CommandSpec = z.infer<typeof commandSpec>;

type Raw = z.infer<typeof profileSchema>;

/** The rules that tie one part of a profile to another. */
function crossCheck(p: Raw, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const kind = p.format.kind;
  if (p.platform === "onenet" && kind !== "datastreams") issue(["format", "kind"], "OneNET profiles read datastreams");
  if (p.platform === "ctwing" && kind === "datastreams") issue(["format", "kind"], "datastreams are OneNET's");
  const readings = new Set<string>();
  for (const [name, f] of Object.entries(p.fields)) {
    if (f.role === "status" && (!f.codes || !p.codeTables[f.codes]))
      issue(
        ["fields", name, "codes"],
        `a status field needs a code table that exists (got ${JSON.stringify(f.codes)})`,
      );
    if (f.role === "reading") {
      if (!f.name) issue(["fields", name, "name"], "a reading needs a name for fields.values");
      else readings.add(f.name);
    }
    if (kind === "transparent" && f.role !== "ignore" && !f.bytes)
      issue(["fields", name, "bytes"], "a transparent profile says where each field sits (offset, length, type)");
    if (kind !== "transparent" && f.bytes) issue(["fields", name, "bytes"], "bytes are for transparent profiles only");
  }
  if (p.eventTypeCodes && !p.codeTables[p.eventTypeCodes])
    issue(["eventTypeCodes"], `code table ${JSON.stringify(p.eventTypeCodes)} does not exist`);
  p.thresholds.forEach((t, i) => {
    if (!readings.has(t.value)) issue(["thresholds", i, "value"], `no reading named ${JSON.stringify(t.value)}`);
  });
  for (const [cmd, spec] of Object.entries(p.commands)) {
    const want = p.platform === "onenet" ? "objId" : kind === "transparent" ? "payloadHex" : "serviceIdentifier";
    if (!(want in spec)) issue(["commands", cmd], `a ${p.platform} ${kind} command is written with ${want}`);
  }
}
