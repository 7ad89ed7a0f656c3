// `npm start`: the whole system on embedded defaults. SQLite under data/, demo data on first start,
// and, unless real WeChat credentials are configured, a local server speaking WeChat's API contract so
// the H5 mini-program can sign in without WeChat.
import { configOrExit, handleSignals, startApi } from "../api/src/main.ts";
import { WechatStub, DEMO_APP_ID, DEMO_APP_SECRET } from "../tests/stubs/wechat-stub.ts";

const env = { ...process.env };
const stubs: { stop(): Promise<void> }[] = [];
const useStubs = env.NODE_ENV !== "production" && !env.WECHAT_APP_ID && env.DEMO_STUBS !== "false";
if (useStubs) {
  const wechat = new WechatStub();
  env.WECHAT_API_BASE = await wechat.start();
  env.WECHAT_APP_ID = DEMO_APP_ID;
  env.WECHAT_APP_SECRET = DEMO_APP_SECRET;
  stubs.push(wechat);
}
const config = configOrExit(env);
const api = await startApi({ config });

const line = "─".repeat(64);
const out: string[] = [line, "安心消防 Anxin is running", line, `API            ${api.url}  (health: ${api.url}/health, docs: ${api.url}/openapi.json)`];
out.push(`Database       ${config.DATABASE_URL.provider === "sqlite" ? config.DATABASE_URL.file : "PostgreSQL"}`);
if (useStubs) out.push(`WeChat         local demo stub at ${env.WECHAT_API_BASE} (set WECHAT_APP_ID/WECHAT_APP_SECRET for the real one)`);
if (api.demo) {
  out.push("", "Demo staff accounts (also in data/demo.json):");
  for (const s of api.demo.staff) out.push(`  ${s.role.padEnd(21)} ${s.username.padEnd(12)} ${s.password}   ${s.name}（${s.scope}）`);
  out.push("", "Demo residents (H5 sign-in code):");
  for (const r of api.demo.residents) out.push(`  ${r.name}  ${r.h5Code}   ${r.households.map((h) => `${h.address}（${h.role}）`).join("; ")}`);
  out.push("", "Owner invitation codes (claim a home):");
  for (const i of api.demo.ownerInvites) out.push(`  ${i.code}  ${i.address}`);
}
out.push(line);
console.log(out.join("\n"));

handleSignals(async () => {
  await api.close();
  for (const s of stubs) await s.stop();
});
