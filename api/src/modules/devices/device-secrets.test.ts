import { describe, expect, it } from "vitest";
import { SecretCheck, hashDeviceSecret, verifyDeviceSecret } from "./device-secrets.ts";

describe("device secrets", () => {
  it("verify against Mosquitto's PBKDF2 format", () => {
    const stored = hashDeviceSecret("right");
    expect(verifyDeviceSecret(stored, "right")).toBe(true);
    expect(verifyDeviceSecret(stored, "wrong")).toBe(false);
    expect(verifyDeviceSecret("$6$not-ours", "right")).toBe(false);
  });

  it("check a secret shown before without PBKDF2, and never remember a wrong one", () => {
    let slow = 0;
    const check = new SecretCheck(10, (stored, secret) => (slow++, verifyDeviceSecret(stored, secret)));
    const stored = hashDeviceSecret("right");
    expect(check.verify("D1", stored, "right")).toBe(true);
    expect(slow).toBe(1);
    expect(check.verify("D1", stored, "right")).toBe(true); // the reconnect: known good
    expect(slow).toBe(1);
    expect(check.verify("D1", stored, "wrong")).toBe(false); // another secret: checked, refused
    expect(check.verify("D1", stored, "wrong")).toBe(false);
    expect(slow).toBe(3);
    expect(check.verify("D2", stored, "right")).toBe(true); // another device: its own check
    expect(slow).toBe(4);
  });

  it("refuses the old secret once the device's secret has changed", () => {
    const check = new SecretCheck();
    const before = hashDeviceSecret("old");
    expect(check.verify("D1", before, "old")).toBe(true);
    const after = hashDeviceSecret("new");
    expect(check.verify("D1", after, "old")).toBe(false);
    expect(check.verify("D1", after, "new")).toBe(true);
  });

  it("stays bounded: past its size it starts again, and still verifies", () => {
    let slow = 0;
    const check = new SecretCheck(2, (stored, secret) => (slow++, verifyDeviceSecret(stored, secret)));
    const stored = hashDeviceSecret("s");
    for (const id of ["A", "B", "C"]) expect(check.verify(id, stored, "s")).toBe(true);
    expect(slow).toBe(3);
    expect(check.verify("A", stored, "s")).toBe(true); // forgotten when C came: checked again
    expect(slow).toBe(4);
    expect(check.verify("C", stored, "s")).toBe(true);
    expect(slow).toBe(4);
  });
});
