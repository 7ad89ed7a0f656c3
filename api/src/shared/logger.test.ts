import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

describe("the logger", () => {
  it("writes an error's message, code and stack, and masks phone numbers in them", () => {
    const lines: string[] = [];
    const log = createLogger("info", { service: "t" }, { write: (l) => void lines.push(l) });
    const err = Object.assign(new TypeError("cannot read x of 13800138000"), { code: "E_X" });
    log.error({ err }, "request failed");
    const row = JSON.parse(lines[0]!) as { err: { type: string; message: string; code: string; stack: string } };
    expect(row.err.stack).toMatch(/^TypeError: /);
    expect(row.err.code).toBe("E_X");
    expect(row.err.message).toContain("cannot read x of");
    expect(row.err.message).not.toContain("13800138000");
    expect(row.err.stack).toContain("logger.test.ts");
  });
});
