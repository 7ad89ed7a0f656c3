// The unified social credit code (统一社会信用代码), GB 32100-2015 "法人和其他组织统一社会信用代码编码规则":
// 18 characters = registration authority (1) + organisation category (1) + administrative division code
// of the registering authority (6 digits) + subject identifier (9, the organisation code of GB 11714) +
// check character (1).
//
// Characters come from a set of 31: the digits and the capital letters without I, O, Z, S and V (so none
// can be misread as 1, 0, 2, 5 or U). Each of the first 17 characters has its index in that set as its
// value; the weights are 3^i mod 31 for positions i = 0..16:
//   1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
// and the check character is the one whose value is 31 - (sum of value x weight mod 31), with 31 read as 0.
//
// Only the structure and the check character are verified. The standard's tables of registration
// authority and category codes have been amended since 2015 (e.g. "A" for the central military commission,
// "N" for agriculture), so refusing an unfamiliar first character would refuse real units.

export const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const VALUE = new Map([...CREDIT_CODE_CHARS].map((c, i) => [c, i]));

/** The check character for the first 17 characters, or null if one of them is not in the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]!);
    if (v === undefined) return null;
    sum += v * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Upper case, without spaces and dashes people type to group it; full-width characters made half-width. */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, "")
    .toUpperCase();
}

export type CreditCodeCheck = { ok: true; code: string } | { ok: false; reason: string };

/** Checks a code and says what is wrong in words a clerk can act on. */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = normalizeCreditCode(input);
  if (code.length !== 18) return { ok: false, reason: `统一社会信用代码应为 18 位（现在是 ${code.length} 位）` };
  for (let i = 0; i < 18; i++) {
    const c = code[i]!;
    if (!VALUE.has(c)) {
      const hint = "IOZSV".includes(c) ? "（代码中不使用字母 I、O、Z、S、V）" : "";
      return { ok: false, reason: `统一社会信用代码第 ${i + 1} 位“${c}”不是允许的字符${hint}` };
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { ok: false, reason: "统一社会信用代码第 3-8 位应是登记机关的行政区划代码（6 位数字）" };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17])
    return { ok: false, reason: "统一社会信用代码校验位不对，请逐位核对是否抄错" };
  return { ok: true, code };
}

export function isCreditCode(input: string): boolean {
  return checkCreditCode(input).ok;
}
