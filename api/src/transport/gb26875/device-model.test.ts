// The simulated transmission device against the centre's side of the codec: what it sends is what a
// panel's events mean, it numbers and resends per clauses 6.5 and 8.1, and it answers the centre.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { decodeAppData, encodeAppData, type AppData } from "./app-data/index.ts";
import { planReply } from "./centre-replies.ts";
import { Deframer } from "./deframer.ts";
import { TransmissionDeviceModel, type ModelComponent } from "./device-model.ts";
import { decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { PROFILE_PRESETS, STANDARD_PROFILE, type Profile } from "./profile.ts";
import { timeLabelFromDate } from "./time-label.ts";

const DEVICE = "000000000379";
const CENTRE = "000000015b38";

const COMPONENTS: ModelComponent[] = [
  {
    key: "smoke-3F",
    systemType: 1,
    systemAddress: 1,
    componentType: 40,
    componentAddress: 0x00030001,
    description: "3楼走廊感烟",
  },
  {
    key: "button-1F",
    systemType: 1,
    systemAddress: 1,
    componentType: 23,
    componentAddress: 0x00010002,
    description: "1楼大厅手报",
  },
  {
    key: "pump",
    systemType: 1,
    systemAddress: 1,
    componentType: 91,
    componentAddress: 0x00090001,
    description: "消防水泵",
  },
];

function setup(profile: Profile = STANDARD_PROFILE) {
  const clock = new ManualClock(Date.UTC(2026, 10, 28, 3, 0, 0));
  const device = new TransmissionDeviceModel({
    address: DEVICE,
    centreAddress: CENTRE,
    profile,
    clock,
    components: COMPONENTS,
  });
  const centre = new Deframer(profile);
  /** The centre receives bytes: the frames and the confirms it would send. */
  const receive = (bytes: Uint8Array) =>
    centre.push(bytes).map((e) => {
      if (!e.ok) throw new Error(e.reason);
      const plan = planReply(e.frame, { profile, localAddress: CENTRE, now: clock.now() });
      if (!plan.data.ok) throw new Error(plan.data.detail);
      return { frame: e.frame, data: plan.data.data, reply: plan.bytes };
    });
  let serial = 100;
  /** The centre sends a command (1) or request (4). */
  const command = (cmd: 1 | 4, data: AppData) =>
    device.receive(
      encodeFrame(
        {
          serial: serial++,
          version: { major: 1, minor: 1 },
          time: timeLabelFromDate(clock.now(), 480),
          source: CENTRE,
          destination: DEVICE,
          command: cmd,
          data: encodeAppData(data, profile),
        },
        profile,
      ),
    );
  return { clock, device, receive, command };
}

function only<T>(xs: T[]): T {
  expect(xs).toHaveLength(1);
  return xs[0] as T;
}

function responseData(bytes: Uint8Array | undefined): { frame: Frame; data: AppData | null } {
  const r = bytes && decodeFrame(bytes);
  if (!r || !r.ok) throw new Error("no frame");
  const d = decodeAppData(r.frame.data);
  if (!d.ok) throw new Error(d.detail);
  return { frame: r.frame, data: d.data };
}

describe("TransmissionDeviceModel", () => {
  it("sends a heartbeat the centre confirms, numbered from 0, then 1, 2", () => {
    const { device, receive } = setup();
    const got = only(receive(device.heartbeat()));
    expect(got.frame).toMatchObject({ serial: 0, command: 2, source: DEVICE, destination: CENTRE });
    expect(got.data).toBeNull();
    expect(device.pending).toBe(1);
    expect(device.receive(got.reply!)).toEqual({ replies: [], events: [{ kind: "confirmed", serial: 0 }] });
    expect(device.pending).toBe(0);
    expect(only(receive(device.heartbeat())).frame.serial).toBe(1);
    expect(only(receive(device.heartbeat())).frame.serial).toBe(2);
  });

  it("reports a detector's fire as its component state with the fire bit, at the device's time", () => {
    const { device, receive } = setup();
    const { data } = only(receive(device.fire("smoke-3F")));
    expect(data).toMatchObject({
      type: 2,
      objects: [
        {
          systemType: 1,
          componentType: 40,
          componentAddress: 0x00030001,
          description: "3楼走廊感烟",
          status: { fire: true, fault: false, normalMode: true },
          time: { second: 0, minute: 0, hour: 11, day: 28, month: 11, year: 26 },
        },
      ],
    });
    expect(device.status("smoke-3F").fire).toBe(true);
  });

  it("reports a fault, a restore, an operator's mute and a reset with the panel's state after it", () => {
    const { device, receive } = setup();
    const fault = only(receive(device.fault("pump"))).data;
    expect(fault).toMatchObject({ type: 2, objects: [{ componentType: 91, status: { fault: true, fire: false } }] });
    receive(device.fire("button-1F"));
    const mute = only(receive(device.mute(7))).data;
    expect(mute).toMatchObject({ type: 4, objects: [{ operator: 7, operation: { mute: true, reset: false } }] });
    expect(device.status("button-1F").fire).toBe(true); // a mute silences, it does not clear
    const before = only(receive(device.systemState())).data;
    expect(before).toMatchObject({ type: 1, objects: [{ status: { fire: true, fault: true, reset: false } }] });
    const reset = only(receive(device.reset(7))).data;
    expect(reset).toMatchObject({ type: 4, objects: [{ operator: 7, operation: { reset: true } }] });
    expect(device.status("button-1F").fire).toBe(false);
    const after = only(receive(device.systemState())).data;
    expect(after).toMatchObject({ type: 1, objects: [{ status: { fire: false, fault: false, reset: true } }] });
    expect(only(receive(device.systemState())).data).toMatchObject({ objects: [{ status: { reset: false } }] });
    receive(device.fault("pump"));
    expect(only(receive(device.restore("pump"))).data).toMatchObject({ objects: [{ status: { fault: false } }] });
  });

  it("resends an unconfirmed frame after 10 s with the same serial number, 3 times, then gives up", () => {
    const { clock, device } = setup();
    const first = device.fire("smoke-3F");
    expect(device.due().resend).toEqual([]);
    const resent: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      resent.push(...device.due().resend);
    }
    expect(resent).toEqual([first, first, first]);
    clock.advance(10_000);
    expect(device.due()).toEqual({ resend: [], events: [{ kind: "gave_up", serial: 0 }] });
    expect(device.pending).toBe(0);
  });

  it("resends at once when the centre denies", () => {
    const { device } = setup();
    const bytes = device.heartbeat();
    const r = decodeFrame(bytes);
    if (!r.ok) throw new Error(r.reason);
    const deny = encodeFrame({ ...r.frame, source: CENTRE, destination: DEVICE, command: 6 });
    expect(device.receive(deny).events).toEqual([{ kind: "denied", serial: 0 }]);
    expect(device.due().resend).toEqual([bytes]);
  });

  it("answers the centre's reads with the matching upload types", () => {
    const { device, command } = setup();
    device.fire("smoke-3F");
    device.dutyReply(3);
    const system = { systemType: 1, systemAddress: 1 };
    const at = { componentAddress: 0x00030001, ...system };
    const from = { second: 0, minute: 0, hour: 0, day: 1, month: 1, year: 26 };
    const cases: [AppData, number][] = [
      [{ type: 61, objects: [system] }, 1],
      [{ type: 62, objects: [at] }, 2],
      [{ type: 63, objects: [at] }, 3],
      [{ type: 64, objects: [{ ...system, records: 10, from }] }, 4],
      [{ type: 65, objects: [system] }, 5],
      [{ type: 66, objects: [system] }, 6],
      [{ type: 67, objects: [at] }, 7],
      [{ type: 68, objects: [system] }, 8],
      [{ type: 81, objects: [{ reserved: 0 }] }, 21],
      [{ type: 84, objects: [{ records: 10, from }] }, 24],
      [{ type: 85, objects: [{ reserved: 0 }] }, 25],
      [{ type: 86, objects: [{ reserved: 0 }] }, 26],
      [{ type: 88, objects: [{ reserved: 0 }] }, 28],
    ];
    for (const [request, answer] of cases) {
      const { replies, events } = command(4, request);
      const { frame, data } = responseData(only(replies));
      expect(frame.command).toBe(5);
      expect(data?.type).toBe(answer);
      expect(events).toContainEqual({ kind: "answered", type: request.type });
    }
    expect(responseData(command(4, { type: 62, objects: [at] }).replies[0]).data).toMatchObject({
      objects: [{ description: "3楼走廊感烟", status: { fire: true } }],
    });
    expect(responseData(command(4, { type: 81, objects: [{ reserved: 0 }] }).replies[0]).data).toMatchObject({
      objects: [{ status: { fire: true, normalMode: true } }],
    });
    expect(responseData(command(4, { type: 84, objects: [{ records: 10, from }] }).replies[0]).data).toMatchObject({
      objects: [{ operator: 3, operation: { dutyReply: true } }],
    });
    // another panel's address: nothing to say, so a deny
    const other = command(4, { type: 61, objects: [{ systemType: 1, systemAddress: 9 }] });
    expect(responseData(other.replies[0]).frame.command).toBe(6);
  });

  it("obeys clock sync, duty check and initialise, confirming each", () => {
    const { device, command, receive } = setup();
    const centreTime = { second: 30, minute: 15, hour: 12, day: 28, month: 11, year: 26 };
    const sync = command(1, { type: 90, objects: [{ time: centreTime }] });
    expect(responseData(only(sync.replies)).frame.command).toBe(3);
    expect(sync.events).toEqual([{ kind: "clock_synced", time: centreTime }]);
    expect(only(receive(device.heartbeat())).frame.time).toEqual(centreTime); // its clock now reads the centre's
    const duty = command(1, { type: 91, objects: [{ timeoutMinutes: 10 }] });
    expect(duty.events).toEqual([{ kind: "duty_check", timeoutMinutes: 10 }]);
    expect(only(receive(device.dutyReply(2))).data).toMatchObject({
      type: 24,
      objects: [{ operation: { dutyReply: true } }],
    });
    device.fire("smoke-3F");
    expect(command(1, { type: 89, objects: [{ reserved: 0 }] }).events).toEqual([{ kind: "initialised" }]);
    expect(device.status("smoke-3F").fire).toBe(false);
  });

  it("refuses the centre's broken bytes without replying", () => {
    const { device } = setup();
    expect(device.receive(Uint8Array.from([0x01, 0x02]))).toEqual({
      replies: [],
      events: [{ kind: "refused", reason: "garbage" }],
    });
  });

  it("speaks a vendor profile end to end (12-byte address, plus-0x80 replies)", () => {
    const profile = { ...PROFILE_PRESETS["reply-plus-0x80"]!, addressBytes: 12 as const, name: "x" };
    const clock = new ManualClock();
    const device = new TransmissionDeviceModel({
      address: "41".repeat(12),
      centreAddress: "00".repeat(11) + "01",
      profile,
      clock,
      components: COMPONENTS,
    });
    const [e] = new Deframer(profile).push(device.fire("smoke-3F"));
    if (!e?.ok) throw new Error("frame");
    const plan = planReply(e.frame, { profile, localAddress: "00".repeat(11) + "01", now: clock.now() });
    expect(decodeFrame(plan.bytes!, profile)).toMatchObject({ ok: true, frame: { command: 0x82 } });
    expect(device.receive(plan.bytes!).events).toEqual([{ kind: "confirmed", serial: 0 }]);
  });

  it("keeps at most maxPending unconfirmed frames, giving up the oldest", () => {
    const clock = new ManualClock();
    const device = new TransmissionDeviceModel({
      address: DEVICE,
      centreAddress: CENTRE,
      clock,
      components: [],
      maxPending: 2,
    });
    device.heartbeat();
    device.heartbeat();
    device.heartbeat();
    expect(device.pending).toBe(2);
    expect(device.due().events).toEqual([{ kind: "gave_up", serial: 0 }]);
  });
});
