// The command view's unit states (centre/command-view.ts unitState) on the demo county: the wall said
// "正常 9", all green, while 万家福购物中心's transmission device had never connected and five units had no
// device at all. A unit with no device is 未接入, one with devices but none online is 离线, and 正常 only
// with a device online and nothing open; the wall page counts each with its own chip, not green.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unitState } from "../../api/src/modules/centre/command-view.ts";
import { SESSION_COOKIE } from "../../api/src/transport/http/staff-session.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { WireClient, frame } from "../support/gb26875-wire.ts";

describe("a unit's state on the command view", () => {
  it("is worst first: fire, fault, offline alarm, no device, none online, normal", () => {
    const none: { kind: "FIRE" | "OFFLINE" | "LOW_PRESSURE" }[] = [];
    expect(unitState({ open: [{ kind: "FIRE" }, { kind: "OFFLINE" }], devices: 3, online: 3 })).toBe("FIRE");
    expect(unitState({ open: [{ kind: "LOW_PRESSURE" }, { kind: "OFFLINE" }], devices: 3, online: 3 })).toBe("FAULT");
    expect(unitState({ open: [{ kind: "OFFLINE" }], devices: 3, online: 2 })).toBe("OFFLINE");
    expect(unitState({ open: none, devices: 0, online: 0 })).toBe("UNCONNECTED");
    expect(unitState({ open: none, devices: 2, online: 0 })).toBe("OFFLINE");
    expect(unitState({ open: none, devices: 2, online: 1 })).toBe("NORMAL");
  });
});

describe("the demo county on the command view", () => {
  let t: TestApi;
  let admin: string;
  type Item = { name: string; state: string; stateLabel: string };
  const map = async () => {
    const r = await t.request<{ items: Item[] }>("GET", "/api/centre/map", { token: admin });
    expect(r.status).toBe(200);
    return new Map(r.body.items.map((u) => [u.name, u]));
  };
  const NO_DEVICE = ["城关中心幼儿园", "示范县迎宾馆", "示范县金融大厦", "青石物流仓储中心", "青石鞋业有限公司"];

  beforeAll(async () => {
    t = await startTestApi({ env: { GB26875_PORT: "0" } });
    admin = await t.loginStaff("admin");
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("says 未接入 for a unit without devices and 离线 for one whose devices never connected", async () => {
    const units = await map();
    for (const name of NO_DEVICE)
      expect(units.get(name), name).toMatchObject({ state: "UNCONNECTED", stateLabel: "未接入" });
    // its transmission device is registered and has never sent a frame (/console/panels: 未上线)
    expect(units.get("万家福购物中心")).toMatchObject({ state: "OFFLINE", stateLabel: "离线" });
    // nothing in the demo county has spoken yet: no unit is watched, so none is normal
    expect([...units.values()].filter((u) => u.state === "NORMAL")).toEqual([]);
  });

  it("a camera online connects nothing; a device online makes its unit normal, the others stay as they are", async () => {
    const p = t.api.db.prisma;
    const guesthouse = await p.networkedUnit.findFirstOrThrow({ where: { name: "示范县迎宾馆" } });
    await p.deviceModel.upsert({
      where: { id: "TEST-CAM" },
      create: { id: "TEST-CAM", kind: "CAMERA", vendor: "测试", name: "摄像机", heartbeatIntervalSec: 60 },
      update: {},
    });
    await p.device.create({
      data: {
        id: "test-cam-1",
        serial: "test-cam-1",
        modelId: "TEST-CAM",
        secretHash: "x",
        unitId: guesthouse.id,
        transport: "rtsp",
        status: { create: { online: true, lastSeenAt: new Date() } },
      },
    });
    // the hospital's transmission device speaks over GB/T 26875.3: it is online
    const uitd = (t.demo.gb26875 as { devices: { address: string; unitName: string }[] }).devices.find(
      (d) => d.unitName === "示范县人民医院",
    )!;
    const c = await WireClient.connect(t.api.gb26875!.port);
    c.send(frame({ serial: 1, source: uitd.address }));
    expect(await c.reply(1)).toMatchObject({ command: 3 });
    const units = await map();
    c.close();
    expect(units.get("示范县人民医院")).toMatchObject({ state: "NORMAL", stateLabel: "正常" });
    expect(units.get("示范县迎宾馆")).toMatchObject({ state: "UNCONNECTED" });
    expect(units.get("万家福购物中心")).toMatchObject({ state: "OFFLINE" });

    // the wall page counts each state in its own chip: one normal, the five without devices apart
    const res = await fetch(`${t.url}/console/command?refresh=0`, {
      headers: { cookie: `${SESSION_COOKIE}=${admin}` },
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    const chip = (state: string) =>
      new RegExp(`<span class="chip [^"]*" data-state="${state}">([^<]*)<`).exec(page)?.[1];
    expect(chip("NORMAL")).toBe("正常 1");
    expect(chip("UNCONNECTED")).toBe(`未接入 ${NO_DEVICE.length}`);
    expect(chip("OFFLINE")).toBe(`离线 ${units.size - 1 - NO_DEVICE.length}`);
    expect(page).toContain("万家福购物中心 · 离线");
    expect(page).toContain("城关中心幼儿园 · 未接入");
  }, 60_000);
});
