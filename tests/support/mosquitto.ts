// A Mosquitto of the test's own, on a free 127.0.0.1 port, with the project's password and ACL files.
// (The machine's Mosquitto on 1883 has no device accounts and is left alone.)
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Prisma } from "../../api/src/db/client.ts";
import {
  mosquittoConfig,
  writeMosquittoAuth,
  type ServiceAccount,
} from "../../api/src/transport/mqtt/mosquitto-auth.ts";

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? "/usr/sbin/mosquitto";

export function mosquittoUnavailable(): string | null {
  if (existsSync(MOSQUITTO_BIN)) return null;
  return `Mosquitto not installed at ${MOSQUITTO_BIN} (apt-get install mosquitto)`;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Mosquitto did not listen on ${port} within ${timeoutMs} ms`);
}

export interface TestMosquitto {
  port: number;
  dir: string;
  urlFor(account: ServiceAccount): string;
  /** re-export device accounts from the database and make Mosquitto reload them */
  reload(prisma: Prisma): Promise<void>;
  stop(): Promise<void>;
}

export async function startMosquitto(prisma: Prisma, services: ServiceAccount[]): Promise<TestMosquitto> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-mosquitto-"));
  const port = await freePort();
  await writeMosquittoAuth(prisma, dir, services);
  const conf = path.join(dir, "mosquitto.conf");
  // started as root, Mosquitto would drop to the mosquitto user, who cannot read this private temp dir
  writeFileSync(conf, mosquittoConfig({ port, dir, ...(process.getuid?.() === 0 ? { user: "root" } : {}) }));
  const proc: ChildProcess = spawn(MOSQUITTO_BIN, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  try {
    await waitForPort(port, 5000);
  } catch (e) {
    proc.kill("SIGKILL");
    throw new Error(`${(e as Error).message}: ${stderr}`);
  }
  return {
    port,
    dir,
    urlFor: (a) => `mqtt://${encodeURIComponent(a.username)}:${encodeURIComponent(a.password)}@127.0.0.1:${port}`,
    async reload(p) {
      await writeMosquittoAuth(p, dir, services);
      proc.kill("SIGHUP");
      await new Promise((r) => setTimeout(r, 200));
    },
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
