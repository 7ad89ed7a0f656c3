// Cross-checks against public implementations' fixtures (read through the search tools; bytes are facts,
// no code copied). Where we differ, the comment says who follows GB/T 26875.3-2011. Summary in
// docs/gb26875.md, "cross-checks".
//
//  - Go, github.com/shootingfans/codec_gb26875_3_2011: codec/codec_test.go (application data fixtures)
//    and codec/reader_decoder_test.go (whole frames in a stream).
//  - The worked examples that circulate with the standard (heartbeat, fire, power fault, duty reply,
//    version, time, reads, initialise, clock sync, 查岗, each with its confirm and deny), as transcribed in
//    github.com/ActorLancer/GB-T-26875.3.2011-rs, GB26875文档.md.
//  - C#, github.com/chengming0916/GB26875: tables only (its decoder is a stub).
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData, type AppData } from "./app-data/index.ts";
import { planErrorReply, planReply } from "./centre-replies.ts";
import { Deframer } from "./deframer.ts";
import { decodeFrame } from "./frame.ts";
import { STANDARD_PROFILE } from "./profile.ts";
import { componentTypeName, SYSTEM_TYPE_NAMES } from "./tables.ts";
import { hex } from "./test-helpers.ts";
import { timeLabelToDate, type TimeLabel } from "./time-label.ts";

/** Go converts labels to Unix seconds in the machine's zone; its fixtures were made at UTC+8. */
const unix = (t: TimeLabel) => (timeLabelToDate(t, 480)?.getTime() ?? NaN) / 1000;

function data(bytes: string): AppData {
  const d = decodeAppData(hex(bytes));
  if (!d.ok || !d.data) throw new Error(`refused ${bytes}: ${JSON.stringify(d)}`);
  expect(encodeAppData(d.data)).toEqual(hex(bytes)); // exact inverse on public bytes too
  return d.data;
}

const GO_DESCRIPTION = "37 c2 a5 30 32 ca d2 bb e1 d2 e9 ca d2 d1 cc b8 d0"; // 7楼02室会议室烟感, 17 bytes

describe("Go codec_gb26875_3_2011 fixtures", () => {
  it("system states: type 1 with states 0x0204 and 0x0105 at 1625187604 and 1625187605", () => {
    const d = data("01 02 01 02 04 02 04 00 09 02 07 15 0d 03 05 01 05 00 09 02 07 15");
    if (d.type !== 1) throw new Error("type");
    const [a, b] = d.objects;
    expect(a).toMatchObject({ systemType: 1, systemAddress: 2, status: { fault: true, reset: false } });
    expect(a?.status.backupPowerFault).toBe(true); // 0x0204: bits 2 and 9
    expect(b).toMatchObject({ systemType: 13, systemAddress: 3, status: { normalMode: true, fault: true } });
    expect(b?.status.mainPowerFault).toBe(true); // 0x0105: bits 0, 2 and 8
    expect(unix(a!.time)).toBe(1625187604);
    expect(unix(b!.time)).toBe(1625187605);
  });

  it("component state: 报警装置 (121) at 0x04030201 described 7楼02室会议室烟感", () => {
    const d = data(`02 01 01 02 79 01 02 03 04 04 02 ${GO_DESCRIPTION} ${"00 ".repeat(14)} 04 00 09 02 07 15`);
    if (d.type !== 2) throw new Error("type");
    const [o] = d.objects;
    expect(o).toMatchObject({ componentType: 121, componentAddress: 0x04030201, description: "7楼02室会议室烟感" });
    expect(componentTypeName(o!.componentType)).toBe("报警装置");
  });

  it("analogue values: temperature 0x0320 and height 0x5001, signed little-endian", () => {
    const d = data(
      "03 02 01 02 28 01 02 03 04 03 20 03 04 00 09 02 07 15 0d 03 79 03 04 05 06 02 01 50 05 00 09 02 07 15",
    );
    if (d.type !== 3) throw new Error("type");
    expect(d.objects.map((o) => [o.analogueType, o.value])).toEqual([
      [3, 0x0320],
      [2, 0x5001],
    ]);
  });

  it("operations: 0x84 by operator 0xfa, and the device's 0x31 and 0x73", () => {
    const sys = data("04 02 01 02 84 fa 04 00 09 02 07 15 0d 03 73 fb 05 00 09 02 07 15");
    if (sys.type !== 4) throw new Error("type");
    expect(sys.objects[0]).toMatchObject({
      operator: 0xfa,
      operation: { mute: false, manualAlarm: true, reservedBits: 0x80 },
    });
    const dev = data("18 02 31 fa 04 00 09 02 07 15 73 fb 05 00 09 02 07 15");
    if (dev.type !== 24) throw new Error("type");
    expect(dev.objects[0]?.operation).toMatchObject({ reset: true, selfCheck: true, dutyReply: true, test: false });
  });

  it("versions, configurations and times", () => {
    expect(data("05 02 01 02 03 04 0d 03 01 01")).toMatchObject({
      objects: [
        { major: 3, minor: 4 },
        { major: 1, minor: 1 },
      ],
    });
    // Go writes a 30-byte configuration whose text is 17 bytes and 13 NULs; Go returns the trimmed text,
    // so do we, and we keep the padding count so the bytes come back exactly
    const pad = "00 ".repeat(13);
    expect(data(`06 01 01 02 1e ${GO_DESCRIPTION} ${pad}`)).toMatchObject({
      objects: [{ text: "7楼02室会议室烟感", padding: 13 }],
    });
    expect(data(`1a 01 1e ${GO_DESCRIPTION} ${pad}`)).toMatchObject({
      objects: [{ text: "7楼02室会议室烟感", padding: 13 }],
    });
    expect(data(`07 01 01 02 28 01 02 03 04 ${GO_DESCRIPTION} ${"00 ".repeat(14)}`)).toMatchObject({
      objects: [{ componentType: 40, description: "7楼02室会议室烟感" }],
    });
    expect(data("19 01 03 04")).toEqual({ type: 25, objects: [{ major: 3, minor: 4 }] });
    const dt = data("1c 01 05 00 09 02 07 15");
    expect(dt.type === 28 && unix(dt.objects[0]!.time)).toBe(1625187605);
    expect(data("15 01 08 04 00 09 02 07 15")).toMatchObject({ objects: [{ status: { mainPowerFault: true } }] });
  });

  it("refuses what Go leaves empty: short units and lengths that do not add up", () => {
    for (const s of [
      "01 01 03 04",
      "02 02 03",
      "05 02",
      "06 01 01 01 05 01",
      "07 01 01 01 28 01 02 03 04 01 05 01",
      "15 01",
      "1a 01 1f 01 05 01",
    ]) {
      expect(decodeAppData(hex(s))).toMatchObject({ ok: false, reason: "bad_app_data" });
    }
  });

  it("reader stream: the frame with checksum 0x63 is refused (the sum is 0x68), the three with 0x68 decode", () => {
    const head = "40 40 00 00 01 01 18 0d 11 16 0a 14 00 00 00 00 00 00 06 05 04 03 02 01 30 00 02";
    const body =
      "02 01 01 03 00 d9 00 06 00 02 00 a3 c1 c7 f8 a3 b1 b2 e3 df c8 b2 b8 d7 df c0 c8 " +
      "00 ".repeat(15) +
      "30 12 13 01 08 14";
    const stream = hex(
      [head, body, "63 23 23", head, body, "68 23 23", head, body, "68 23 23", head, body, "68 23 23"].join(" "),
    );
    const events = new Deframer().push(stream);
    // the refused frame's remaining bytes are searched for a start, then counted as garbage
    expect(events.map((e) => (e.ok ? "frame" : e.reason))).toEqual([
      "bad_checksum",
      "garbage",
      "frame",
      "frame",
      "frame",
    ]);
    const e = events[2];
    if (!e?.ok) throw new Error("frame");
    expect(e.frame).toMatchObject({
      serial: 0,
      version: { major: 1, minor: 1 },
      source: "000000000000",
      destination: "010203040506",
    });
    // Go's test expects the header time to be the object's label (1596280728); the header's own label is
    // 18 0d 11 16 0a 14 = 2020-10-22 17:13:24, which is what the standard's byte 7-12 says
    expect(unix(e.frame.time)).toBe(Date.UTC(2020, 9, 22, 9, 13, 24) / 1000);
    const d = decodeAppData(e.frame.data);
    if (!d.ok || d.data?.type !== 2) throw new Error("data");
    const [o] = d.data.objects;
    expect(o).toMatchObject({
      systemAddress: 3,
      componentType: 0,
      componentAddress: 0x0600d9,
      description: "Ａ区１层呷哺走廊",
    });
    expect(o?.status.fire).toBe(true);
    expect(unix(o!.time)).toBe(1596280728);
  });
});

describe("the standard's worked examples", () => {
  const DEVICE = "000000000379";
  const CENTRE = "000000015b38";
  // every example is sent at 2012-09-26 09:58:32 (label 20 3A 09 1A 09 0C); replies at :35 (23 ...)
  const replyAt = new Date("2012-09-26T01:58:35Z");
  const CONFIRM = "40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 03 AB 23 23";
  const DENY = "40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 06 AE 23 23";
  const ctx = { profile: STANDARD_PROFILE, localAddress: CENTRE, now: replyAt };

  const uploads: [string, string, (d: AppData) => void][] = [
    [
      "2号10区 感烟探测器 火警",
      "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 " +
        "20 ".repeat(30) +
        "00 02 3A 09 1A 09 0C 46 23 23",
      (d) => {
        if (d.type !== 2) throw new Error("type");
        const o = d.objects[0]!;
        // zone 10 in the low 16 bits, point 2 above; only the fire bit is set (normal-mode bit 0 left 0,
        // as many panels do: never read it as "test, ignore the fire")
        expect([o.componentType, o.componentAddress & 0xffff, o.componentAddress >>> 16]).toEqual([40, 10, 2]);
        expect(o.status).toMatchObject({ fire: true, normalMode: false });
        expect(o.description).toBe(" ".repeat(30));
      },
    ],
    [
      "传输装置主电源故障",
      "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 09 00 02 15 01 08 02 3A 09 1A 09 0C 42 23 23",
      (d) => expect(d).toMatchObject({ type: 21, objects: [{ status: { mainPowerFault: true, fire: false } }] }),
    ],
    [
      "查岗应答操作记录",
      "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 0A 00 02 18 01 20 01 02 3A 09 1A 09 0C 5F 23 23",
      (d) => expect(d).toMatchObject({ type: 24, objects: [{ operator: 1, operation: { dutyReply: true } }] }),
    ],
    [
      "软件版本号 V1.1",
      "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 04 00 02 19 01 01 01 C7 23 23",
      (d) => expect(d).toEqual({ type: 25, objects: [{ major: 1, minor: 1 }] }),
    ],
    [
      "传输装置时间",
      "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 08 00 02 1C 01 02 3A 09 1A 09 0C 40 23 23",
      (d) =>
        expect(d).toEqual({
          type: 28,
          objects: [{ time: { second: 2, minute: 58, hour: 9, day: 26, month: 9, year: 12 } }],
        }),
    ],
  ];

  for (const [name, bytes, check] of uploads) {
    it(`${name}: decoded, and our confirm and deny are the example's bytes`, () => {
      const r = decodeFrame(hex(bytes));
      if (!r.ok) throw new Error(r.reason);
      const plan = planReply(r.frame, ctx);
      expect(plan.action).toBe("confirm");
      expect(plan.bytes).toEqual(hex(CONFIRM));
      if (plan.data.ok && plan.data.data) check(plan.data.data);
      // the same frame with its checksum broken gets the example's deny, and no confirm
      const broken = hex(bytes);
      broken[broken.length - 3] = (broken[broken.length - 3] ?? 0) ^ 0x01;
      const [e] = new Deframer().push(broken);
      expect(e).toMatchObject({ ok: false, reason: "bad_checksum" });
      if (e && !e.ok) expect(planErrorReply(e, { ...ctx, peerAddress: DEVICE }).bytes).toEqual(hex(DENY));
    });
  }

  it("the centre's reads, initialise, clock sync and 查岗 decode as the examples describe", () => {
    const sent = (cmd: string, unit: string, sum: string) =>
      `40 40 01 00 01 01 20 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 ${cmd} ${unit} ${sum} 23 23`;
    const cases: [string, AppData][] = [
      [sent("03 00 04", "51 01 00", "FE"), { type: 81, objects: [{ reserved: 0 }] }],
      [sent("03 00 04", "55 01 00", "02"), { type: 85, objects: [{ reserved: 0 }] }],
      [sent("03 00 04", "58 01 00", "05"), { type: 88, objects: [{ reserved: 0 }] }],
      [sent("03 00 01", "59 01 00", "03"), { type: 89, objects: [{ reserved: 0 }] }],
      // 90 carries the centre's time (6 bytes), not a reserved byte (the Rust crate writes count, 0, time)
      [
        sent("08 00 01", "5A 01 02 3A 09 1A 09 0C", "7D"),
        { type: 90, objects: [{ time: { second: 2, minute: 58, hour: 9, day: 26, month: 9, year: 12 } }] },
      ],
      // 91: the operator has 10 minutes to answer (the Rust crate requires this byte to be 0 and refuses it)
      [sent("03 00 01", "5B 01 0A", "0F"), { type: 91, objects: [{ timeoutMinutes: 10 }] }],
    ];
    for (const [bytes, unit] of cases) {
      const r = decodeFrame(hex(bytes));
      if (!r.ok) throw new Error(`${bytes}: ${r.reason}`);
      expect(r.frame.source).toBe(CENTRE);
      expect(decodeAppData(r.frame.data)).toEqual({ ok: true, data: unit });
    }
  });

  it("the device's responses to reads, and its deny, decode", () => {
    const state = decodeFrame(
      hex(
        "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 09 00 05 15 01 08 02 3A 09 1A 09 0C 45 23 23",
      ),
    );
    expect(state).toMatchObject({ ok: true, frame: { command: 5 } });
    const version = decodeFrame(
      hex("40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 04 00 05 19 01 01 01 CA 23 23"),
    );
    expect(version).toMatchObject({ ok: true, frame: { command: 5 } });
    const deny = decodeFrame(
      hex("40 40 01 00 01 01 23 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 00 00 06 AE 23 23"),
    );
    expect(deny).toMatchObject({ ok: true, frame: { command: 6, serial: 1 } });
  });
});

describe("tables against the C# GB26875 enums", () => {
  it("system types 0-24 carry the same names (FireSystemStatus), 23 being 消防电源", () => {
    // the Rust crate maps 23 to 消防电梯 a second time (its transcription repeats 20); Go and C# say 消防电源
    expect(SYSTEM_TYPE_NAMES[23]).toBe("消防电源");
    expect(Object.keys(SYSTEM_TYPE_NAMES).map(Number)).toEqual([0, 1, ...Array.from({ length: 15 }, (_, i) => 10 + i)]);
  });

  it("component names follow the standard where Go has slips", () => {
    // Go: 21 回路探测, 43 点型光束感烟火灾探测器, 106 官网电磁阀; C# and the transcription agree with these
    expect([componentTypeName(21), componentTypeName(43), componentTypeName(106)]).toEqual([
      "探测回路",
      "线型光束感烟火灾探测器",
      "管网电磁阀",
    ]);
  });
});
