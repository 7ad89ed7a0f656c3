// The transmission device simulator against a gateway in this process: the story (fire, mute, fault,
// restore, reset) is stored and confirmed frame by frame and maps to the panel events it stands for; the
// command line tool plays the fire scenario, bounded in time, and documents its options.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { panelEvents, type PanelEvent } from "../modules/panels/index.ts";
import { Gb26875Gateway, panelFrameOf, type GatewayFrame } from "../transport/gb26875/gateway/index.ts";
import { systemClock } from "../shared/clock.ts";
import { newTally, panelComponents, SimulatedUitd } from "./uitd-sim.ts";

const run = promisify(execFile);
let gateway: Gb26875Gateway | null = null;

afterEach(async () => {
  await gateway?.close();
  gateway = null;
});

async function startGateway(stored: GatewayFrame[]): Promise<number> {
  gateway = new Gb26875Gateway(
    {
      lookup: async (address) => ({
        deviceId: `uitd-${address}`,
        transmissionDeviceId: `td-${address}`,
        unitId: "unit-1",
        address,
        profile: address === "00000000c001" ? "bcd-time" : "standard",
        patrolIntervalSec: 600,
        lastClockSyncAt: null,
      }),
      store: async (f) => {
        stored.push(f);
        return { outcome: "stored" };
      },
      offline: () => undefined,
      clock: systemClock,
    },
    { port: 0 },
  );
  return gateway.listen();
}

const waitFor = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("simulated transmission devices", () => {
  it("plays a panel's story; every frame is stored and confirmed and means what it shows", async () => {
    const stored: GatewayFrame[] = [];
    const port = await startGateway(stored);
    const tally = newTally();
    const d = new SimulatedUitd({
      address: "0000ab000001",
      components: panelComponents(24),
      host: "127.0.0.1",
      port,
      tally,
    });
    await d.connect();
    d.heartbeat();
    d.fire("c1");
    d.mute(3);
    d.fault("c2");
    d.restore("c2");
    d.reset(3);
    await waitFor(() => tally.confirmed === 7, "seven confirms");
    await waitFor(() => tally.clockSyncs === 1, "the clock sync");
    d.close();
    expect(tally).toMatchObject({ sent: 7, denied: 0, gaveUp: 0, refused: 0 });
    expect(tally.latencies).toHaveLength(7);
    const state = new Map();
    const mapping = { transmissionDeviceId: "td", unitId: "unit-1", systems: new Map(), components: new Map() };
    const events: PanelEvent[] = [];
    for (const f of stored) {
      const r = panelEvents(panelFrameOf(f), mapping, state);
      for (const c of r.changes) {
        if (!state.has(c.point)) state.set(c.point, new Map());
        state.get(c.point).set(c.kind, c.on);
      }
      events.push(...r.events);
    }
    expect(events.map((e) => `${e.type}@${e.fields.point}`)).toEqual([
      "heartbeat@undefined",
      "panel_fire@1/1/0x00010001",
      "panel_mute@1/1",
      "panel_fault@1/1/0x00020001",
      "panel_fault_clear@1/1/0x00020001",
      "panel_reset@1/1",
      "panel_fire_clear@1/1/0x00010001",
      // the panel's state after the reset: nothing known at the system yet (cleared once), the reset bit
      "panel_fire_clear@1/1",
      "panel_fault_clear@1/1",
      "panel_supervision_clear@1/1",
      "panel_shielded_clear@1/1",
      "panel_power_restored@1/1/main_power",
      "panel_power_restored@1/1/backup_power",
      "panel_fault_clear@1/1/bus",
      "panel_reset@1/1",
    ]);
    expect(events[1]!.fields.location).toBe("未命名部件 感烟火灾探测器 1号回路 1号");
  });

  it("the command line tool plays the fire scenario within its time bound", async () => {
    const stored: GatewayFrame[] = [];
    const port = await startGateway(stored);
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-uitd-"));
    try {
      writeFileSync(
        path.join(dir, "demo.json"),
        JSON.stringify({ gb26875: { port, devices: [{ address: "00000000c001", unitId: "u", profile: "bcd-time" }] } }),
      );
      const tool = path.join(import.meta.dirname, "simulate-uitd.ts");
      const { stdout } = await run(
        process.execPath,
        [
          "--import",
          "tsx",
          tool,
          "--devices",
          "3",
          "--scenario",
          "fire",
          "--duration",
          "4",
          "--heartbeat",
          "1",
          "--data",
          dir,
        ],
        { timeout: 60_000 },
      );
      expect(stdout).toContain("simulating 3 transmission device(s)");
      expect(stdout).toMatch(/done: sent \d+, confirmed \d+, denied 0, gave up 0/);
      const addresses = new Set(stored.map((f) => f.device.address));
      expect(addresses).toEqual(new Set(["00000000c001", "0000ab000001", "0000ab000002"]));
      expect(stored.filter((f) => f.fire).map((f) => f.device.address)).toEqual(["00000000c001"]);
      // the listed device's profile (BCD time labels) was used on both sides: its clock reads true
      const bcd = stored.find((f) => f.device.address === "00000000c001")!;
      expect(bcd.profile.timeLabel).toBe("bcd");
      expect(Math.abs(panelFrameOf(bcd).sentAt!.getTime() - Date.now())).toBeLessThan(120_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const help = await run(process.execPath, [
      "--import",
      "tsx",
      path.join(import.meta.dirname, "simulate-uitd.ts"),
      "--help",
    ]);
    expect(help.stdout).toContain("--scenario NAME");
    await expect(
      run(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "simulate-uitd.ts"), "--devices", "0"]),
    ).rejects.toMatchObject({ code: 2 });
  });
});
