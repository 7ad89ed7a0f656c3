// The background load in a process of its own, so the process that times alarms (and runs the provider
// stubs) is not also busy publishing. Run with fork(): message {url, devices, rate, ms} -> {acked}.
import { Publishers, type Device } from "./load.ts";

process.once("message", async (m: { url: string; devices: Device[]; rate: number; ms: number }) => {
  const pubs = new Publishers(m.url, m.devices);
  await pubs.connect();
  process.send?.({ ready: true });
  const latencies = await pubs.fixedRate(m.rate, m.ms);
  await pubs.close();
  process.send?.({ acked: latencies.length });
  process.exit(0);
});
