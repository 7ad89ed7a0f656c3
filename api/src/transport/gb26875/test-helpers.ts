// Shared by this folder's tests only.

/** Bytes from hex pairs separated by spaces, as fixtures are written. */
export const hex = (s: string): Uint8Array =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((h) => parseInt(h, 16)),
  );

/** Hex pairs of bytes, for readable failures. */
export const toHex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
