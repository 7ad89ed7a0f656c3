// Profiles are data: the built-in ones load, a new product is a new file, and a bad file stops loading with
// a message naming the file and the field.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCtwingPush } from "./ctwing-push.ts";
import { BUILT_IN_PROFILES_DIR, loadProfiles, parseProfile, ProfileError } from "./profile-loader.ts";

const builtIn = (file: string) =>
  JSON.parse(readFileSync(join(BUILT_IN_PROFILES_DIR, file), "utf8")) as Record<string, unknown>;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "anxin-profiles-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("product profiles", () => {
  it("loads the four built-in profiles", () => {
    const r = loadProfiles();
    expect(
      r
        .all()
        .map((p) => [p.id, p.platform, p.format.kind])
        .sort(),
    ).toEqual([
      ["ctwing-nb-smoke-thing-model", "ctwing", "thing_model"],
      ["ctwing-nb-smoke-transparent", "ctwing", "transparent"],
      ["onenet-nb-gas-detector", "onenet", "datastreams"],
      ["onenet-nb-smoke-datastreams", "onenet", "datastreams"],
    ]);
    expect(r.forProduct("ctwing", "17100001")?.id).toBe("ctwing-nb-smoke-thing-model");
    expect(r.forProduct("onenet", "17100001")).toBeUndefined();
  });

  it("adds a product with a new JSON file and no code", () => {
    const dir = tempDir();
    const p = builtIn("ctwing-nb-smoke-thing-model.json");
    writeFileSync(
      join(dir, "acme.json"),
      JSON.stringify({
        ...p,
        id: "ctwing-acme-smoke",
        productIds: ["17200001"],
        format: { kind: "thing_model", path: "payload" },
        fields: { alarm: { role: "status", codes: "acme" }, batt: { role: "battery", scale: 0.5 } },
        codeTables: { acme: { "0": "heartbeat", "3": "smoke_alarm" } },
        commands: {},
      }),
    );
    const registry = loadProfiles(dir);
    const body = `{"timestamp":1795834800000,"productId":"17200001","payload":{"alarm":3,"batt":180},"messageType":"dataReport","deviceId":"acme-1"}`;
    const r = parseCtwingPush(body, { now: 1795834800000, resolveProfile: registry.resolver() });
    expect(r).toMatchObject({ ok: true, events: [{ type: "smoke_alarm", fields: { battery: 90 } }] });
  });

  const broken: [string, (p: Record<string, unknown>) => unknown, string][] = [
    ["a status field without its code table", (p) => ({ ...p, codeTables: {} }), "fields.Alarm_Status.codes"],
    [
      "an unknown event type in a code table",
      (p) => ({ ...p, codeTables: { alarmStatus: { "1": "fire!" } } }),
      "codeTables.alarmStatus.1",
    ],
    [
      "a transparent field without bytes",
      (p) => ({ ...p, format: { kind: "transparent", minBytes: 4 } }),
      "fields.Alarm_Status.bytes",
    ],
    ["a CTWing profile reading datastreams", (p) => ({ ...p, format: { kind: "datastreams" } }), "format.kind"],
    ["a field with an unknown role", (p) => ({ ...p, fields: { X: { role: "temperature" } } }), "fields.X.role"],
    ["a scale of 0", (p) => ({ ...p, fields: { X: { role: "battery", scale: 0 } } }), "fields.X.scale"],
    [
      "a threshold on a reading that does not exist",
      (p) => ({ ...p, thresholds: [{ value: "lel", atOrAbove: 25, type: "gas_alarm" }] }),
      "thresholds.0.value",
    ],
    [
      "a OneNET command on a CTWing product",
      (p) => ({ ...p, commands: { mute: { objId: 1, objInstId: 0, resId: 2 } } }),
      "commands.mute",
    ],
    ["an unknown key", (p) => ({ ...p, colour: "red" }), "(top level)"],
    ["a bad id", (p) => ({ ...p, id: "Bad Id" }), "id"],
  ];
  for (const [what, change, field] of broken)
    it(`refuses ${what}, naming the file and the field`, () => {
      const bad = change(builtIn("ctwing-nb-smoke-thing-model.json"));
      expect(() => parseProfile(bad, "bad.json")).toThrow(ProfileError);
      expect(() => parseProfile(bad, "bad.json")).toThrow(`product profile bad.json: ${field}:`);
    });

  it("refuses a file that is not JSON, and two profiles claiming one product", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "broken.json"), "{ nope");
    expect(() => loadProfiles(dir)).toThrow("product profile broken.json: not JSON");
    const dir2 = tempDir();
    const p = builtIn("ctwing-nb-smoke-thing-model.json");
    writeFileSync(join(dir2, "a.json"), JSON.stringify(p));
    writeFileSync(join(dir2, "b.json"), JSON.stringify({ ...p, id: "another-profile" }));
    expect(() => loadProfiles(dir2)).toThrow(
      "product profile b.json: productIds: 17100001 is already read by ctwing-nb-smoke-thing-model",
    );
  });
});
