// Reading a checkpoint's NFC tag in the WeChat mini-program on Android (wx.getNFCAdapter): start discovery,
// wait for one tag (bounded in time), decode it with nfc.ts, stop. Where the phone has no NFC (iPhone's
// WeChat, H5, NFC switched off) the patrol page keeps the QR scan; nothing here runs in H5.
import Taro from "@tarojs/taro";
import { isWeapp } from "@/services/platform";
import { readTag, type DiscoveredLike } from "./nfc";

/** The part of WeChat's NFCAdapter used here (a fake one in the unit tests). */
export interface NfcAdapterLike {
  onDiscovered(cb: (res: DiscoveredLike) => void): void;
  offDiscovered(cb?: (res: DiscoveredLike) => void): void;
  startDiscovery(o: { success?: () => void; fail?: (e: { errCode?: number; errMsg?: string }) => void }): unknown;
  stopDiscovery(o?: { success?: () => void; fail?: () => void }): unknown;
}

export const NFC_WAIT_MS = 20_000;

/** WeChat's NFC error codes (13000 no NFC, 13001 NFC off ...), said in words. */
export function nfcErrorText(errCode: number | undefined): string {
  if (errCode === 13000 || errCode === 13010) return "这部手机不支持 NFC，请扫描二维码";
  if (errCode === 13001) return "请先在手机设置里打开 NFC，再贴近标签";
  return "暂时无法读取 NFC 标签，请扫描二维码";
}

/** The phone's NFC adapter: only the WeChat build on Android has one; null elsewhere. */
export function nfcAdapter(): NfcAdapterLike | null {
  if (!isWeapp) return null;
  const get = (Taro as unknown as { getNFCAdapter?: () => NfcAdapterLike }).getNFCAdapter;
  if (typeof get !== "function") return null;
  try {
    if (!/android/i.test(Taro.getSystemInfoSync().platform)) return null;
    return get();
  } catch {
    return null;
  }
}

export class NfcReadError extends Error {
  constructor(
    message: string,
    readonly reason: "unsupported" | "off" | "timeout" | "blank" | "failed",
  ) {
    super(message);
  }
}

/**
 * Waits for one tag and answers its checkpoint code. Rejects with an NfcReadError saying why (no NFC, NFC
 * off, nothing read within `waitMs`, a tag with no checkpoint code); discovery is always stopped.
 */
export function readCheckpointNfc(adapter: NfcAdapterLike, waitMs = NFC_WAIT_MS): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      adapter.offDiscovered(onFound);
      adapter.stopDiscovery({});
      f();
    };
    const onFound = (res: DiscoveredLike) => {
      const tag = readTag(res);
      finish(() =>
        tag.kind === "code"
          ? resolve(tag.code)
          : reject(new NfcReadError("这个 NFC 标签没有写入巡查点编码，请扫描二维码", "blank")),
      );
    };
    const timer = setTimeout(
      () => finish(() => reject(new NfcReadError("没有读到 NFC 标签，请把手机背面贴近标签再试", "timeout"))),
      waitMs,
    );
    adapter.onDiscovered(onFound);
    adapter.startDiscovery({
      fail: (e) =>
        finish(() =>
          reject(
            new NfcReadError(
              nfcErrorText(e.errCode),
              e.errCode === 13001 ? "off" : e.errCode === 13000 || e.errCode === 13010 ? "unsupported" : "failed",
            ),
          ),
        ),
    });
  });
}
