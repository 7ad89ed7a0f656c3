// The reply rules of GB/T 26875.3-2011 clauses 6.2-6.5, as the centre applies them to what arrives.
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData, type AppData } from "./app-data/index.ts";
import { planErrorReply, planReply, type ReplyContext } from "./centre-replies.ts";
import { Deframer } from "./deframer.ts";
import { componentStatus } from "./flags.ts";
import { decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { PROFILE_PRESETS, STANDARD_PROFILE } from "./profile.ts";
import { hex } from "./test-helpers.ts";

const DEVICE = "000000000379";
const CENTRE = "000000015b38";
const NOW = new Date("2026-11-28T03:00:07Z"); // 11:00:07 Beijing time
const ctx: ReplyContext = { profile: STANDARD_PROFILE, localAddress: CENTRE, now: NOW };

function sent(command: number, data: Uint8Array, serial = 7): Frame {
  return {
    serial,
    version: { major: 1, minor: 2 },
    time: { second: 5, minute: 0, hour: 11, day: 28, month: 11, year: 26 },
    source: DEVICE,
    destination: CENTRE,
    command,
    data,
  };
}

function replyOf(bytes: Uint8Array | null): Frame {
  if (!bytes) throw new Error("no reply");
  const r = decodeFrame(bytes);
  if (!r.ok) throw new Error(r.reason);
  return r.frame;
}

const fire = encodeAppData({
  type: 2,
  objects: [
    {
      systemType: 1,
      systemAddress: 1,
      componentType: 40,
      componentAddress: 0x00020003,
      status: componentStatus.decode(0x0003), // normal mode + fire
      description: "3F走廊",
      time: { second: 5, minute: 0, hour: 11, day: 28, month: 11, year: 26 },
    },
  ],
});

describe("planReply", () => {
  it("confirms sent data with the same serial number, addresses swapped, stamped now", () => {
    const plan = planReply(sent(2, fire), ctx);
    expect(plan.action).toBe("confirm");
    const reply = replyOf(plan.bytes);
    expect(reply).toEqual({
      serial: 7,
      version: { major: 1, minor: 2 },
      time: { second: 7, minute: 0, hour: 11, day: 28, month: 11, year: 26 },
      source: CENTRE,
      destination: DEVICE,
      command: 3,
      data: new Uint8Array(0),
    });
    expect(plan.data.ok && plan.data.data?.type).toBe(2);
  });

  it("confirms a heartbeat (no data) and a control command", () => {
    expect(planReply(sent(2, new Uint8Array(0)), ctx)).toMatchObject({
      action: "confirm",
      data: { ok: true, data: null },
    });
    const sync = encodeAppData({
      type: 90,
      objects: [{ time: { second: 0, minute: 0, hour: 11, day: 28, month: 11, year: 26 } }],
    });
    expect(planReply(sent(1, sync), ctx).action).toBe("confirm");
  });

  it("denies sent data whose layout is wrong, with the same serial number", () => {
    const plan = planReply(sent(2, hex("01 02 01 01 03 00 00 00 0B 1C 0B 1A")), ctx);
    expect(plan).toMatchObject({ action: "deny", reason: "bad_app_data", data: { ok: false } });
    expect(replyOf(plan.bytes)).toMatchObject({ serial: 7, command: 6, destination: DEVICE });
  });

  it("denies a command byte it does not know (clause 6.5), and sends nothing for replies", () => {
    expect(planReply(sent(7, new Uint8Array(0)), ctx)).toMatchObject({ action: "deny", reason: "unknown_command" });
    expect(planReply(sent(0x82, new Uint8Array(0)), ctx)).toMatchObject({ action: "deny", reason: "unknown_command" });
    for (const command of [3, 5, 6])
      expect(planReply(sent(command, new Uint8Array(0)), ctx)).toMatchObject({ action: "none", bytes: null });
  });

  it("answers a request with a response of the same serial number, or denies what it cannot answer", () => {
    const time: AppData = {
      type: 28,
      objects: [{ time: { second: 7, minute: 0, hour: 11, day: 28, month: 11, year: 26 } }],
    };
    const asked = sent(4, encodeAppData({ type: 88, objects: [{ reserved: 0 }] }), 9);
    const plan = planReply(asked, { ...ctx, answer: (q) => (q.type === 88 ? time : null) });
    expect(plan.action).toBe("respond");
    const reply = replyOf(plan.bytes);
    expect(reply).toMatchObject({ serial: 9, command: 5 });
    expect(decodeAppData(reply.data)).toEqual({ ok: true, data: time });
    expect(planReply(asked, ctx)).toMatchObject({ action: "deny", reason: "unanswerable" });
    expect(planReply(sent(4, new Uint8Array(0)), ctx)).toMatchObject({ action: "deny", reason: "unanswerable" });
  });

  it("writes replies as command + 0x80 for a device whose profile says so", () => {
    const p = PROFILE_PRESETS["reply-plus-0x80"]!;
    const f = sent(2, fire);
    const plan = planReply(f, { ...ctx, profile: p });
    expect(replyOf(plan.bytes).command).toBe(0x82);
    // and a device's 0x82 is a confirm, not an unknown command
    expect(planReply(sent(0x82, new Uint8Array(0)), { ...ctx, profile: p }).action).toBe("none");
  });

  it("keeps a given protocol version", () => {
    const plan = planReply(sent(2, fire), { ...ctx, version: { major: 1, minor: 0 } });
    expect(replyOf(plan.bytes).version).toEqual({ major: 1, minor: 0 });
  });
});

describe("planErrorReply", () => {
  const good = encodeFrame(sent(2, fire));

  it("denies a bad checksum with the serial number it carried, to the session's device", () => {
    const broken = good.slice();
    broken[broken.length - 3] = (broken[broken.length - 3] ?? 0) ^ 0x40;
    const [e] = new Deframer().push(broken);
    if (!e || e.ok) throw new Error("expected a refusal");
    const plan = planErrorReply(e, { ...ctx, peerAddress: "000000000999" });
    expect(plan).toMatchObject({ action: "deny", reason: "bad_checksum" });
    expect(replyOf(plan.bytes)).toMatchObject({
      serial: 7,
      command: 6,
      destination: "000000000999",
      data: new Uint8Array(0),
    });
    // without a known peer, the header's source
    expect(replyOf(planErrorReply(e, ctx).bytes).destination).toBe(DEVICE);
  });

  it("sends nothing for bytes that were not a frame", () => {
    for (const reason of ["garbage", "bad_length", "missing_end", "truncated"] as const) {
      expect(planErrorReply({ reason }, ctx)).toEqual({ action: "none", reason, bytes: null });
    }
  });
});
