// Commands down to transmission devices through the shared queue (issue 16: several instances behind a TCP
// load balancer): two gateways read one queue; only the one holding the device's connection claims and
// sends a duty check, once; the device's confirm settles it; a connection that ends first gives it back for
// the device's next connection, on either gateway. A settings change is applied to the live session.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../shared/clock.ts";
import { Gb26875Gateway } from "./gateway.ts";
import { TestDevice, componentStateData, frameBytes, waitFor } from "./test-device.ts";
import type { GatewayCommand, GatewayCommandQueue, GatewayDevice } from "./types.ts";

const ADDRESS = "00000000c001";
const START = Date.UTC(2026, 10, 28, 3, 0, 0);

interface Row extends GatewayCommand {
  status: "PENDING" | "SENT" | "ACKED" | "FAILED";
  result?: string;
}

/** The queue as the panels module keeps it, in memory: claim is one conditional change, as in SQL. */
class MemoryQueue implements GatewayCommandQueue {
  readonly rows: Row[] = [];
  claims = 0;
  add(type: string, params: Record<string, unknown> = {}): Row {
    const row: Row = { id: `cmd-${this.rows.length + 1}`, deviceId: "uitd-1", type, params, status: "PENDING" };
    this.rows.push(row);
    return row;
  }
  pending = async () => this.rows.filter((r) => r.status === "PENDING").map((r) => ({ ...r }));
  claim = async (id: string) => {
    await new Promise((r) => setImmediate(r)); // both gateways may read the row before either claims it
    const r = this.rows.find((x) => x.id === id && x.status === "PENDING");
    if (!r) return false;
    r.status = "SENT";
    this.claims++;
    return true;
  };
  settle = async (id: string, ok: boolean, result?: string) => {
    const r = this.rows.find((x) => x.id === id && (x.status === "PENDING" || x.status === "SENT"));
    if (!r) return;
    r.status = ok ? "ACKED" : "FAILED";
    if (result) r.result = result;
  };
  release = async (id: string) => {
    const r = this.rows.find((x) => x.id === id && x.status === "SENT");
    if (r) r.status = "PENDING";
  };
  expire = async () => 0;
}

const REGISTERED: GatewayDevice = {
  deviceId: "uitd-1",
  transmissionDeviceId: "td-1",
  unitId: "unit-1",
  address: ADDRESS,
  profile: "standard",
  patrolIntervalSec: 600,
  lastClockSyncAt: null,
};
/** what the registry answers now (a test changes it as the console would) */
let device: GatewayDevice;
beforeEach(() => {
  device = { ...REGISTERED };
});
const gateways: Gb26875Gateway[] = [];
const devices: TestDevice[] = [];

afterEach(async () => {
  for (const d of devices.splice(0)) d.close();
  for (const g of gateways.splice(0)) await g.close();
});

async function startGateway(
  queue: MemoryQueue,
  clock: ManualClock,
): Promise<{ gateway: Gb26875Gateway; port: number }> {
  const gateway = new Gb26875Gateway(
    {
      lookup: async (a) => (a === ADDRESS ? { ...device } : null),
      store: async () => ({ outcome: "stored" }),
      offline: () => undefined,
      commands: queue,
      clock,
    },
    // polled by hand here: no timer races the test
    { port: 0, sweepEveryMs: 3600_000, commandPollMs: 3600_000 },
  );
  gateways.push(gateway);
  return { gateway, port: await gateway.listen() };
}

/** Connects the device and waits until its heartbeat is confirmed (the session is identified). */
async function connect(port: number, serial: number): Promise<TestDevice> {
  const d = await TestDevice.connect(port);
  devices.push(d);
  await d.send(frameBytes({ serial, source: ADDRESS }));
  await waitFor(() => d.received.some((r) => r.serial === serial && r.command === 3), "the heartbeat confirmed");
  return d;
}

const dutyChecks = (d: TestDevice) => d.with(1).filter((r) => r.data[0] === 91);

describe("commands through the shared queue", () => {
  it("a duty check reaches the device on the gateway that holds it, exactly once, and its confirm settles it", async () => {
    const clock = new ManualClock(START);
    const queue = new MemoryQueue();
    const a = await startGateway(queue, clock);
    const b = await startGateway(queue, clock);
    const onB = await connect(b.port, 1);
    const row = queue.add("gb26875.duty_check", { timeoutMinutes: 3 });
    // both instances look at once (and again): only B holds the device
    await Promise.all([a.gateway.pollCommands(), b.gateway.pollCommands(), a.gateway.pollCommands()]);
    await Promise.all([a.gateway.pollCommands(), b.gateway.pollCommands()]);
    await waitFor(() => dutyChecks(onB).length === 1, "the duty check on the device");
    expect(queue.claims).toBe(1);
    expect(row.status).toBe("SENT");
    const cmd = dutyChecks(onB)[0]!;
    expect(cmd.data).toEqual([91, 1, 3]);
    // the device confirms the command (command 3, its serial)
    await onB.send(frameBytes({ serial: cmd.serial, source: ADDRESS, command: 3 }));
    await waitFor(() => row.status === "ACKED", "the command acknowledged");
    await Promise.all([a.gateway.pollCommands(), b.gateway.pollCommands()]);
    expect(dutyChecks(onB)).toHaveLength(1);
  });

  it("a connection that ends before the confirm gives the command back; the device's next connection gets it", async () => {
    const clock = new ManualClock(START);
    const queue = new MemoryQueue();
    const a = await startGateway(queue, clock);
    const b = await startGateway(queue, clock);
    const onB = await connect(b.port, 1);
    const row = queue.add("gb26875.duty_check", { timeoutMinutes: 2 });
    await b.gateway.pollCommands();
    await waitFor(() => dutyChecks(onB).length === 1, "the duty check on the device");
    onB.close(); // lost before it confirmed
    await waitFor(() => row.status === "PENDING", "the command given back");
    const onA = await connect(a.port, 2); // the load balancer sends the device to A now
    await Promise.all([a.gateway.pollCommands(), b.gateway.pollCommands()]);
    await waitFor(() => dutyChecks(onA).length === 1, "the duty check on the device's new connection");
    const cmd = dutyChecks(onA)[0]!;
    await onA.send(frameBytes({ serial: cmd.serial, source: ADDRESS, command: 3 }));
    await waitFor(() => row.status === "ACKED", "the command acknowledged");
    expect(queue.claims).toBe(2);
  });

  it("a profile change applies to the live session: the next reply is in the new dialect, on the same socket", async () => {
    const clock = new ManualClock(START);
    const queue = new MemoryQueue();
    const b = await startGateway(queue, clock);
    const d = await connect(b.port, 1);
    await d.send(frameBytes({ serial: 2, source: ADDRESS, data: componentStateData(0x00010001, 0x0001) }));
    await waitFor(() => d.received.some((r) => r.serial === 2), "the reply");
    expect(d.received.find((r) => r.serial === 2)!.command).toBe(3);

    device = { ...device, profile: "reply-plus-0x80", patrolIntervalSec: 300 };
    const row = queue.add("gb26875.reload");
    await b.gateway.pollCommands();
    await waitFor(() => row.status === "ACKED", "the change applied");
    expect(row.result).toBe("applied");
    await d.send(frameBytes({ serial: 3, source: ADDRESS, data: componentStateData(0x00010001, 0x0001) }));
    await waitFor(() => d.received.some((r) => r.serial === 3), "the reply");
    expect(d.received.find((r) => r.serial === 3)!.command).toBe(0x82); // the vendor's confirm: the command it answers (2) + 0x80
    expect(d.closed).toBe(false);
    expect(b.gateway.stats().sessions).toBe(1);

    // a profile that does not parse leaves the session as it was, and says so
    device = { ...device, profile: "no-such-profile" };
    const bad = queue.add("gb26875.reload");
    await b.gateway.pollCommands();
    await waitFor(() => bad.status === "FAILED", "the change refused");
    expect(bad.result).toBe("bad_profile");
    await d.send(frameBytes({ serial: 4, source: ADDRESS }));
    await waitFor(() => d.received.some((r) => r.serial === 4), "the reply");
    expect(d.received.find((r) => r.serial === 4)!.command).toBe(0x82);
  });
});
