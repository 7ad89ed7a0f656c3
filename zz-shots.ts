import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
const demo = JSON.parse(readFileSync("/tmp/demoB/demo.json", "utf8"));
const pw = (u: string) => demo.staff.find((s: { username: string }) => s.username === u).password;
const base = "http://127.0.0.1:3100";
const plan: [string, string[]][] = [
  ["supervisor", ["/console/rollout", "/console/acceptance", "/console/dispatch", "/console/cameras", "/console/command"]],
  ["coordinator", ["/console/dispatch", "/console/rollout"]],
  ["az_zhou", ["/console/acceptance"]],
  ["centre_op", ["/console/command"]],
];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [user, pages] of plan) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: "zh-CN" });
  const page = await ctx.newPage();
  await page.goto(`${base}/console/login`);
  await page.fill("#username", user);
  await page.fill("#password", pw(user));
  await Promise.all([page.waitForNavigation(), page.press("#password", "Enter")]);
  console.log(user, "landed", page.url());
  for (const p of pages) {
    const r = await page.goto(base + p);
    await page.waitForTimeout(2500);
    const name = `${user}${p.replace(/\//g, "_")}`;
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: false });
    console.log(name, r?.status(), (await page.title()));
  }
  await ctx.close();
}
await browser.close();
