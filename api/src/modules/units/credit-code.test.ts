import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CREDIT_CODE_CHARS,
  CREDIT_CODE_WEIGHTS,
  checkCreditCode,
  creditCodeCheckChar,
  normalizeCreditCode,
} from "./credit-code.ts";

describe("the unified social credit code (GB 32100-2015)", () => {
  it("uses weights 3^i mod 31", () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31));
    expect(CREDIT_CODE_CHARS).toHaveLength(31);
  });

  it("accepts codes whose check character was worked out by hand", () => {
    // The standard's own example, 91350100M000100Y43. Values (index in CREDIT_CODE_CHARS) x weights:
    //   9x1 + 1x3 + 3x9 + 5x27 + 0x19 + 1x26 + 0x16 + 0x17 + M(21)x20 + 0x29 + 0x25 + 0x13 + 1x8 + 0x24
    //   + 0x10 + Y(30)x30 + 4x28 = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640
    //   1640 mod 31 = 28 (31 x 52 = 1612); 31 - 28 = 3 -> check "3"
    expect(checkCreditCode("91350100M000100Y43")).toEqual({ ok: true, code: "91350100M000100Y43" });
    // 91360199MA35ABCDE?: 9x1 + 1x3 + 3x9 + 6x27 + 0x19 + 1x26 + 9x16 + 9x17 + M(21)x20 + A(10)x29 + 3x25
    //   + 5x13 + A(10)x8 + B(11)x24 + C(12)x10 + D(13)x30 + E(14)x28
    //   = 9+3+27+162+0+26+144+153+420+290+75+65+80+264+120+390+392 = 2620
    //   2620 mod 31 = 16 (31 x 84 = 2604); 31 - 16 = 15 -> "F" (A=10 ... F=15)
    expect(creditCodeCheckChar("91360199MA35ABCDE")).toBe("F");
    expect(checkCreditCode("91360199MA35ABCDEF").ok).toBe(true);
    // sum 0: 31 - 0 = 31, which the standard reads as 0
    expect(creditCodeCheckChar("00000000000000000")).toBe("0");
    // 1x1 = 1; 31 - 1 = 30 -> "Y", the last character of the set
    expect(creditCodeCheckChar("10000000000000000")).toBe("Y");
  });

  it("says what is wrong", () => {
    expect(checkCreditCode("91350100M000100Y44")).toEqual({
      ok: false,
      reason: "统一社会信用代码校验位不对，请逐位核对是否抄错",
    });
    expect(checkCreditCode("91350100M000100Y4")).toMatchObject({ ok: false, reason: expect.stringContaining("18 位") });
    expect(checkCreditCode("91350100MO00100Y43")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("第 10 位“O”"),
    });
    expect(checkCreditCode("9135A100M000100Y43")).toMatchObject({ ok: false, reason: expect.stringContaining("3-8") });
  });

  it("reads what people type: lower case, spaces, full-width characters", () => {
    expect(normalizeCreditCode(" 9135 0100-m000 100y43 ")).toBe("91350100M000100Y43");
    expect(checkCreditCode("９１３５０１００Ｍ０００１００Ｙ４３").ok).toBe(true);
  });

  it("catches every single-character mistake", () => {
    const chars = fc.constantFrom(...CREDIT_CODE_CHARS);
    const code = fc
      .tuple(
        fc.array(chars, { minLength: 2, maxLength: 2 }),
        fc.stringMatching(/^\d{6}$/),
        fc.array(chars, { minLength: 9, maxLength: 9 }),
      )
      .map(([a, b, c]) => {
        const first17 = a.join("") + b + c.join("");
        return first17 + creditCodeCheckChar(first17)!;
      });
    fc.assert(
      fc.property(code, fc.integer({ min: 0, max: 17 }), chars, (valid, at, c) => {
        expect(checkCreditCode(valid).ok).toBe(true);
        fc.pre(valid[at] !== c && (at < 2 || at > 7 || /\d/.test(c)));
        const typo = valid.slice(0, at) + c + valid.slice(at + 1);
        expect(checkCreditCode(typo).ok).toBe(false);
      }),
    );
  });
});
