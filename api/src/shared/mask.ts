// Phone numbers never reach logs whole: 13812345678 -> 138****5678.
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/\s/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

const PHONE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks every mainland mobile number inside free text. */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, "$1****$2");
}
