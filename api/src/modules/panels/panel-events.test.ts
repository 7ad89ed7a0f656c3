// Panel uploads to neutral events: every upload kind, every condition, resets, fire first, ids and times.
import { describe, expect, it } from "vitest";
import { eventMoment, panelEvents } from "./panel-events.ts";
import { PANEL_ALARM_EFFECTS, PANEL_EVENT_TYPES, isFireClass, type PanelAlarmKind } from "./panel-event.ts";
import { applyConditions, type ConditionState } from "./panel-mapping.ts";
import {
  ADDRESS_1_23,
  FIRE_SYSTEM,
  PANEL_TIME,
  POINT_1_23,
  RECEIVED,
  SMOKE,
  SMOKE_NAME,
  componentFlags,
  deviceFlags,
  frame,
  mapping,
  operation,
  smokeAt,
  systemFlags,
} from "./panel-test-frames.ts";

const NONE: ConditionState = new Map();

function state(entries: [string, PanelAlarmKind, boolean | null][]): ConditionState {
  const s = new Map<string, Map<PanelAlarmKind, boolean | null>>();
  applyConditions(
    s,
    entries.map(([point, kind, on]) => ({ point, kind, on })),
  );
  return s;
}

const types = (r: { events: { type: string }[] }) => r.events.map((e) => e.type);
const at = (r: { events: { type: string; fields: { point?: string } }[] }) =>
  r.events.map((e) => `${e.type}@${e.fields.point}`);

describe("event vocabulary", () => {
  it("gives every type a meaning and an effect, and only fire and manual alarms are fire-class", () => {
    expect(Object.keys(PANEL_ALARM_EFFECTS).sort()).toEqual(Object.keys(PANEL_EVENT_TYPES).sort());
    const fireClass = Object.keys(PANEL_EVENT_TYPES).filter((t) => isFireClass(t as keyof typeof PANEL_EVENT_TYPES));
    expect(fireClass.sort()).toEqual(["panel_call_point", "panel_fire"]);
  });
});

describe("heartbeat", () => {
  it("is one heartbeat event with the frame's bytes and time", () => {
    const r = panelEvents(frame(null), mapping(), NONE);
    expect(r.events).toEqual([
      {
        deviceId: "uitd-1",
        msgId: expect.stringMatching(/^f1:0:[0-9a-f]{8}$/),
        ts: RECEIVED.getTime() - 1000,
        type: "heartbeat",
        fields: { unitId: "unit-1", transmissionDeviceId: "td-1", address: "000000000379" },
        source: "gb26875",
        raw: "4040",
      },
    ]);
    expect(r.changes).toEqual([]);
  });
});

describe("component state", () => {
  it("a fire from an unnamed detector is a FIRE at its point, shown by its codes", () => {
    const r = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true }))), mapping(), NONE);
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.type).toBe("panel_fire");
    expect(e.ts).toBe(PANEL_TIME.getTime());
    expect(e.fields).toMatchObject({
      unitId: "unit-1",
      point: "1/1/0x00170001",
      kind: "FIRE",
      location: "未命名部件 感烟火灾探测器 1号回路 23号",
      keyPartId: null,
      componentId: null,
      system: { type: 1, address: 1, typeName: "火灾报警系统", name: null },
      component: { type: SMOKE, address: ADDRESS_1_23, typeName: SMOKE_NAME },
      state: ["fire"],
      testMode: false,
    });
    expect(r.changes).toContainEqual({ point: POINT_1_23, kind: "FIRE", on: true });
    expect(r.changes).toContainEqual({ point: POINT_1_23, kind: "PANEL_FAULT", on: false });
  });

  it("a named component carries its key part, place and name", () => {
    const m = mapping({
      [POINT_1_23]: {
        id: "c-23",
        name: "3层走廊感烟12",
        location: "门诊楼 3层",
        keyPartId: "kp-1",
        keyPartName: "病房",
      },
    });
    const e = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true }))), m, NONE).events[0]!;
    expect(e.fields).toMatchObject({ location: "门诊楼 3层 · 3层走廊感烟12", keyPartId: "kp-1", componentId: "c-23" });
  });

  it("uses the key part's name when the component has no place text", () => {
    const m = mapping({ [POINT_1_23]: { name: "感烟12", keyPartName: "配电室" } });
    const e = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true }))), m, NONE).events[0]!;
    expect(e.fields.location).toBe("配电室 · 感烟12");
  });

  it("a fire reported again raises again (fire-class repeats are folded by the alarm service)", () => {
    const s = state([[POINT_1_23, "FIRE", true]]);
    const r = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true }))), mapping(), s);
    expect(types(r)).toEqual(["panel_fire"]);
  });

  it.each([
    ["fault", "panel_fault", "panel_fault_clear", "PANEL_FAULT"],
    ["supervision", "panel_supervision", "panel_supervision_clear", "PANEL_SUPERVISION"],
    ["shielded", "panel_shielded", "panel_shielded_clear", "PANEL_SHIELDED"],
    ["powerFault", "panel_power_fault", "panel_power_restored", "POWER_LOST"],
  ] as const)("%s raises once when it comes on and clears when it goes off", (flag, raise, clear, kind) => {
    const on = frame(smokeAt(ADDRESS_1_23, componentFlags({ [flag]: true })));
    const off = frame(smokeAt(ADDRESS_1_23, componentFlags()));
    const first = panelEvents(on, mapping(), NONE);
    expect(types(first)).toEqual([raise]);
    expect(first.events[0]!.fields.kind).toBe(kind);
    const again = panelEvents(on, mapping(), state([[POINT_1_23, kind, true]]));
    expect(types(again)).toEqual(["panel_component_state"]);
    const back = panelEvents(off, mapping(), state([[POINT_1_23, kind, true]]));
    expect(types(back)).toEqual([clear]);
    expect(back.changes).toContainEqual({ point: POINT_1_23, kind, on: false });
  });

  it("a component never seen, reported normal, gives a state event and no clears", () => {
    const r = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags({ started: true }))), mapping(), NONE);
    expect(types(r)).toEqual(["panel_component_state"]);
    expect(r.events[0]!.fields.state).toEqual(["started"]);
  });

  it("conditions left unknown by a frame that was not stored are cleared when reported off", () => {
    const s = state([
      [POINT_1_23, "PANEL_FAULT", null],
      [POINT_1_23, "FIRE", null],
    ]);
    const r = panelEvents(frame(smokeAt(ADDRESS_1_23, componentFlags())), mapping(), s);
    expect(types(r).sort()).toEqual(["panel_fault_clear", "panel_fire_clear"]);
  });

  it("keeps the test-mode bit as a field and still raises the fire", () => {
    const r = panelEvents(
      frame(smokeAt(ADDRESS_1_23, componentFlags({ normalMode: false, fire: true }))),
      mapping(),
      NONE,
    );
    expect(types(r)).toEqual(["panel_fire"]);
    expect(r.events[0]!.fields.testMode).toBe(true);
  });

  it("puts fire first, then the rest in the frame's order", () => {
    const upload = smokeAt(0x00020001, componentFlags({ fault: true }));
    if (upload.kind !== "component_state") throw new Error("builder");
    upload.items.push({
      ...upload.items[0]!,
      component: { ...upload.items[0]!.component, address: 5 },
      flags: componentFlags({ fire: true }),
    });
    const r = panelEvents(frame(upload), mapping(), NONE);
    expect(at(r)).toEqual(["panel_fire@1/1/0x00000005", "panel_fault@1/1/0x00020001"]);
  });
});

describe("system state", () => {
  const sys = (flags: Parameters<typeof systemFlags>[0]) =>
    frame({ kind: "system_state", items: [{ system: FIRE_SYSTEM, flags: systemFlags(flags), at: PANEL_TIME }] });
  const known = (point: string, kinds: PanelAlarmKind[], on = false) =>
    kinds.map((k) => [point, k, on] as [string, PanelAlarmKind, boolean]);
  const ALL_OFF = state([
    ...known("1/1", ["FIRE", "PANEL_FAULT", "PANEL_SUPERVISION", "PANEL_SHIELDED"]),
    ...known("1/1/main_power", ["POWER_LOST"]),
    ...known("1/1/backup_power", ["POWER_LOST"]),
    ...known("1/1/bus", ["PANEL_FAULT"]),
  ]);

  it("a system fire with no component in fire is a FIRE at the system", () => {
    const r = panelEvents(sys({ fire: true }), mapping(), ALL_OFF);
    expect(at(r)).toEqual(["panel_fire@1/1"]);
    expect(r.events[0]!.fields.location).toBe("火灾报警系统 1号");
  });

  it("a system fire while a component of it is in fire adds no second fire", () => {
    const s = new Map(ALL_OFF) as Map<string, Map<PanelAlarmKind, boolean | null>>;
    applyConditions(s, [{ point: POINT_1_23, kind: "FIRE", on: true }]);
    const r = panelEvents(sys({ fire: true }), mapping(), s);
    expect(types(r)).toEqual(["panel_state"]);
  });

  it("power and bus faults are their own points", () => {
    const r = panelEvents(sys({ mainPowerFault: true, backupPowerFault: true, busFault: true }), mapping(), ALL_OFF);
    expect(at(r)).toEqual([
      "panel_power_fault@1/1/main_power",
      "panel_power_fault@1/1/backup_power",
      "panel_fault@1/1/bus",
    ]);
    expect(r.events.map((e) => e.fields.location)).toEqual([
      "火灾报警系统 1号 · 主电",
      "火灾报警系统 1号 · 备电",
      "火灾报警系统 1号 · 总线",
    ]);
    expect(new Set(r.events.map((e) => e.msgId)).size).toBe(3);
  });

  it("fault, supervision and shielding of the system itself", () => {
    const r = panelEvents(sys({ fault: true, supervision: true, shielded: true }), mapping(), ALL_OFF);
    expect(at(r)).toEqual(["panel_fault@1/1", "panel_supervision@1/1", "panel_shielded@1/1"]);
  });

  it("after a restart (nothing known) a normal report clears each condition once, then says nothing new", () => {
    const first = panelEvents(sys({}), mapping(), NONE);
    expect(types(first).sort()).toEqual(
      [
        "panel_fault_clear",
        "panel_fault_clear",
        "panel_fire_clear",
        "panel_power_restored",
        "panel_power_restored",
        "panel_shielded_clear",
        "panel_supervision_clear",
      ].sort(),
    );
    const s = new Map<string, Map<PanelAlarmKind, boolean | null>>();
    applyConditions(s, first.changes);
    expect(types(panelEvents(sys({}), mapping(), s))).toEqual(["panel_state"]);
  });

  it("uses the system's name when the unit gave it one", () => {
    const m = mapping();
    (m.systems as Map<string, { id: string; name: string | null; typeName: string }>).set("1/1", {
      id: "s",
      name: "1号楼控制器",
      typeName: "火灾报警系统",
    });
    const r = panelEvents(sys({ fire: true }), m, ALL_OFF);
    expect(r.events[0]!.fields.location).toBe("1号楼控制器");
  });
});

describe("reset", () => {
  const latched = state([
    [POINT_1_23, "FIRE", true],
    [POINT_1_23, "PANEL_SHIELDED", true],
    ["1/1/0x00000002", "PANEL_FAULT", true],
    ["1/1/0x00000003", "PANEL_SUPERVISION", true],
    ["1/1/main_power", "POWER_LOST", true],
    ["1/1", "CALL_POINT", true],
    ["1/10/0x00000001", "FIRE", true],
    ["1/2/0x00000001", "FIRE", true],
  ]);
  const expected = [
    "panel_call_point_clear@1/1",
    "panel_fault_clear@1/1/0x00000002",
    "panel_supervision_clear@1/1/0x00000003",
    "panel_fire_clear@1/1/0x00170001",
  ];

  it("an operator's reset clears fire, manual alarm, supervision and fault under the system only", () => {
    const op = {
      kind: "system_operation" as const,
      items: [{ system: FIRE_SYSTEM, operation: operation({ reset: true }), operator: 7, at: PANEL_TIME }],
    };
    const r = panelEvents(frame(op), mapping(), latched);
    expect(at(r).sort()).toEqual(["panel_reset@1/1", ...expected].sort());
    const reset = r.events.find((e) => e.type === "panel_reset")!;
    expect(reset.fields).toMatchObject({ pointPrefix: "1/1", operator: 7 });
    expect(r.changes).toContainEqual({ point: POINT_1_23, kind: "FIRE", on: false });
    expect(r.changes).not.toContainEqual(expect.objectContaining({ point: "1/10/0x00000001" }));
    const fireClear = r.events.find((e) => e.type === "panel_fire_clear")!;
    expect(fireClear.fields.location).toBe("未命名部件 1号回路 23号");
  });

  it("the reset bit of a system state does the same", () => {
    const r = panelEvents(
      frame({
        kind: "system_state",
        items: [{ system: FIRE_SYSTEM, flags: systemFlags({ reset: true }), at: PANEL_TIME }],
      }),
      mapping(),
      latched,
    );
    for (const e of expected) expect(at(r)).toContain(e);
    expect(types(r)).toContain("panel_reset");
  });

  it("a reset with nothing latched is just the record", () => {
    const op = {
      kind: "system_operation" as const,
      items: [{ system: FIRE_SYSTEM, operation: operation({ reset: true }), operator: 1, at: PANEL_TIME }],
    };
    expect(types(panelEvents(frame(op), mapping(), NONE))).toEqual(["panel_reset"]);
  });
});

describe("operations", () => {
  const op = (o: Parameters<typeof operation>[0]) =>
    frame({
      kind: "system_operation",
      items: [{ system: FIRE_SYSTEM, operation: operation(o), operator: 3, at: PANEL_TIME }],
    });

  it("a manual alarm on the panel is a CALL_POINT at the system, first", () => {
    const r = panelEvents(op({ manualAlarm: true, mute: true }), mapping(), NONE);
    expect(at(r)).toEqual(["panel_call_point@1/1", "panel_mute@1/1"]);
    expect(r.events[0]!.fields).toMatchObject({ kind: "CALL_POINT", operator: 3 });
  });

  it("a mute is a note, and other operations are records", () => {
    expect(types(panelEvents(op({ mute: true }), mapping(), NONE))).toEqual(["panel_mute"]);
    for (const o of [{ selfCheck: true }, { acknowledge: true }, { test: true }, { alarmCleared: true }, {}]) {
      expect(types(panelEvents(op(o), mapping(), NONE))).toEqual(["panel_operation"]);
    }
  });

  it("device operations: duty reply, manual alarm, reset of the device", () => {
    const dev = (o: Parameters<typeof operation>[0]) =>
      frame({ kind: "device_operation", items: [{ operation: operation(o), operator: 2, at: PANEL_TIME }] });
    expect(at(panelEvents(dev({ dutyReply: true }), mapping(), NONE))).toEqual(["uitd_duty_reply@uitd"]);
    expect(at(panelEvents(dev({ manualAlarm: true }), mapping(), NONE))).toEqual(["panel_call_point@uitd"]);
    const s = state([
      ["uitd", "CALL_POINT", true],
      ["uitd/line", "PANEL_FAULT", true],
    ]);
    expect(at(panelEvents(dev({ reset: true }), mapping(), s)).sort()).toEqual(
      ["panel_reset@uitd", "panel_call_point_clear@uitd", "panel_fault_clear@uitd/line"].sort(),
    );
    expect(types(panelEvents(dev({ selfCheck: true }), mapping(), NONE))).toEqual(["uitd_operation"]);
  });
});

describe("device state", () => {
  const dev = (f: Parameters<typeof deviceFlags>[0]) =>
    frame({ kind: "device_state", items: [{ flags: deviceFlags(f), at: PANEL_TIME }] });
  const OFF = state(
    (["uitd", "uitd/main_power", "uitd/backup_power", "uitd/channel", "uitd/line"] as const).flatMap((p) =>
      (["FIRE", "PANEL_FAULT", "POWER_LOST"] as const).map((k) => [p, k, false] as [string, PanelAlarmKind, boolean]),
    ),
  );

  it("each bit is its own condition at the device", () => {
    const r = panelEvents(
      dev({
        fire: true,
        fault: true,
        mainPowerFault: true,
        backupPowerFault: true,
        channelFault: true,
        lineFault: true,
      }),
      mapping(),
      OFF,
    );
    expect(at(r)).toEqual([
      "panel_fire@uitd",
      "panel_fault@uitd",
      "panel_power_fault@uitd/main_power",
      "panel_power_fault@uitd/backup_power",
      "panel_fault@uitd/channel",
      "panel_fault@uitd/line",
    ]);
    expect(r.events.find((e) => e.fields.point === "uitd/line")!.fields.location).toBe(
      "用户信息传输装置 · 与控制器的连接线路",
    );
  });

  it("a normal report with everything known off is a state record", () => {
    expect(types(panelEvents(dev({}), mapping(), OFF))).toEqual(["uitd_state"]);
  });
});

describe("history", () => {
  const comp = { type: SMOKE, address: ADDRESS_1_23, typeName: SMOKE_NAME };
  it.each([
    [
      {
        kind: "analogue",
        items: [
          {
            system: FIRE_SYSTEM,
            component: comp,
            analogueType: 3,
            name: "温度",
            value: 25.5,
            unit: "℃",
            at: PANEL_TIME,
          },
        ],
      },
      "panel_analogue",
      { value: 25.5, unit: "℃", point: POINT_1_23 },
    ],
    [
      { kind: "system_version", items: [{ system: FIRE_SYSTEM, major: 2, minor: 3 }] },
      "panel_version",
      { version: "2.3", point: "1/1" },
    ],
    [{ kind: "device_version", items: [{ major: 1, minor: 0 }] }, "uitd_version", { version: "1.0", point: "uitd" }],
    [
      { kind: "system_config", items: [{ system: FIRE_SYSTEM, text: "JB-QB-5i" }] },
      "panel_config",
      { text: "JB-QB-5i" },
    ],
    [{ kind: "device_config", items: [{ text: "UITD" }] }, "uitd_config", { text: "UITD" }],
    [
      { kind: "component_config", items: [{ system: FIRE_SYSTEM, component: comp, description: "3F走廊" }] },
      "panel_component_config",
      { description: "3F走廊" },
    ],
    [
      { kind: "system_time", items: [{ system: FIRE_SYSTEM, time: PANEL_TIME }] },
      "panel_time",
      { time: PANEL_TIME.toISOString() },
    ],
    [{ kind: "device_time", items: [{ time: null }] }, "uitd_time", { time: null }],
    [{ kind: "other", code: 200, name: "用户自定义", count: 3 }, "panel_other", { code: 200, count: 3 }],
    [{ kind: "component_state", items: [] }, "panel_other", { upload: "component_state", count: 0 }],
  ] as const)("%o is history (%s)", (upload, type, fields) => {
    const r = panelEvents(frame(upload as never), mapping(), NONE);
    expect(types(r)).toEqual([type]);
    expect(r.events[0]!.fields).toMatchObject(fields);
    expect(r.changes).toEqual([]);
  });
});

describe("ids and times", () => {
  it("the same frame with the same knowledge gives the same ids; every id of a frame differs", () => {
    const f = frame({
      kind: "device_state",
      items: [{ flags: deviceFlags({ fire: true, fault: true, lineFault: true }), at: PANEL_TIME }],
    });
    const a = panelEvents(f, mapping(), NONE).events.map((e) => e.msgId);
    const b = panelEvents(f, mapping(), NONE).events.map((e) => e.msgId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((id) => id.startsWith("f1:0:") && id.length <= 64)).toBe(true);
  });

  it("every event keeps the frame's bytes", () => {
    const f = frame(smokeAt(ADDRESS_1_23, componentFlags({ fire: true, fault: true })), { raw: "40400102" });
    expect(panelEvents(f, mapping(), NONE).events.every((e) => e.raw === "40400102" && e.source === "gb26875")).toBe(
      true,
    );
  });

  it("believes the panel's clock within a year back and a day ahead, else the frame's, else ours", () => {
    const day = 86_400_000;
    const now = RECEIVED.getTime();
    const sent = new Date(now - 5000);
    expect(eventMoment(new Date(now - 300 * day), { receivedAt: RECEIVED, sentAt: sent })).toBe(now - 300 * day);
    expect(eventMoment(new Date(now - 400 * day), { receivedAt: RECEIVED, sentAt: sent })).toBe(now - 5000);
    expect(eventMoment(new Date(now + 2 * day), { receivedAt: RECEIVED, sentAt: null })).toBe(now);
    expect(eventMoment(null, { receivedAt: RECEIVED, sentAt: new Date(now + 2 * day) })).toBe(now);
  });
});
