import argon2 from "argon2";

// argon2id with the library's defaults (m=64 MiB, t=3, p=4) is ~50-100 ms here: fine for sign-in, and the
// lock-out after repeated failures keeps guessing slow.
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}
