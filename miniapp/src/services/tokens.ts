import Taro from "@tarojs/taro";
import type { TokenPair } from "@anxin/contract";

/** Access and refresh tokens kept in Taro storage (wx storage in WeChat, localStorage in H5). */
export interface TokenStore {
  get(): { accessToken: string; refreshToken: string; expiresAt: number } | null;
  set(tokens: TokenPair): void;
  clear(): void;
}

export function createTokenStore(namespace: string, now: () => number = Date.now): TokenStore {
  const key = `anxin.${namespace}.tokens`;
  return {
    get() {
      let raw: unknown;
      try {
        raw = Taro.getStorageSync(key);
      } catch {
        return null;
      }
      if (!raw || typeof raw !== "object") return null;
      const t = raw as { accessToken?: unknown; refreshToken?: unknown; expiresAt?: unknown };
      if (typeof t.accessToken !== "string" || typeof t.refreshToken !== "string") return null;
      return { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: Number(t.expiresAt) || 0 };
    },
    set(tokens) {
      Taro.setStorageSync(key, {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: now() + tokens.expiresIn * 1000,
      });
    },
    clear() {
      try {
        Taro.removeStorageSync(key);
      } catch {
        /* nothing stored */
      }
    },
  };
}
