// The first fire alarm after a start must not pay for the HTTP client's first use. The providers' client
// (provider-http.ts) costs about 8 ms on its first request in a process (its code compiled on first run, the
// first connection) against under 1 ms after; before it, Node's fetch loaded undici and compiled its llhttp
// parser from WebAssembly on the first request, 35-55 ms, spent on the first alarm's first WeChat/SMS/voice
// request. One request to a throwaway server on the loopback at start-up pays it instead. It never fails a
// start: on any error it says so and returns.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { providerFetch, type ProviderFetch } from "./provider-http.ts";

export async function warmHttpClient(
  opts: { fetchImpl?: ProviderFetch; timeoutMs?: number } = {},
): Promise<{ ok: true } | { ok: false; error: string }> {
  const f = opts.fetchImpl ?? providerFetch;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    const res = await f(`http://127.0.0.1:${port}/warm-up`, {
      method: "POST",
      headers: { "content-type": "application/json", connection: "close" },
      body: "{}",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 2000),
    });
    await res.text();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
