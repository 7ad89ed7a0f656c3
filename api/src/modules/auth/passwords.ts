import argon2 from "argon2";

// argon2id with OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1; OWASP Password Storage Cheat
// Sheet). The library default (m = 64 MiB, p = 4) kept 64 MiB a sign-in in the allocator and tripled the
// API's resident memory after a few logins; the lock-out after repeated failures keeps guessing slow.
// verify() reads the parameters from the stored hash, so older hashes keep working.
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}
