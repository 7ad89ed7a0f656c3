// A checkpoint's NFC tag: the NDEF payload decoded to the same code the QR label carries (Text, URI and
// text/plain records, WeChat's and Taro's shapes of onDiscovered), anything else refused; the reader with a
// fake adapter (one tag, a blank tag, NFC off, nothing read in time), always stopping discovery. Reading a
// real tag needs an Android phone with NFC and WeChat: that case is skipped here and says so.
import { afterEach, describe, expect, it, vi } from "vitest";
import { codeInText, readTag, recordText, textRecord, utf8 } from "@/packages/staff/lib/nfc";
import { readCheckpointNfc, type NfcAdapterLike } from "@/packages/staff/lib/nfcReader";
import type { DiscoveredLike } from "@/packages/staff/lib/nfc";

const CODE = "AXCP1.ck9cp0001abc.ck9unit0001xyz.2.Qm9yZ2VzLUxhYmVsLTAx12";
const enc = (s: string) => new TextEncoder().encode(s);
const ascii = (s: string) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));

describe("the NDEF payload of a checkpoint tag", () => {
  it("a Text record with a language code gives the code the QR label carries", () => {
    const r = textRecord(CODE, "zh");
    expect(recordText(r)).toBe(CODE);
    expect(readTag({ messages: [{ records: [r] }] })).toEqual({ kind: "code", code: CODE });
    // Taro's typing: records flat in messages, no tnf
    expect(
      readTag({ messages: [{ type: r.type.buffer as ArrayBuffer, payload: r.payload.buffer as ArrayBuffer }] }),
    ).toEqual({
      kind: "code",
      code: CODE,
    });
  });

  it("a UTF-16 Text record, a URI record with an abbreviated prefix and a text/plain record", () => {
    const utf16 = new Uint8Array([0x80 | 2, ...ascii("en"), ...Array.from(CODE).flatMap((c) => [0, c.charCodeAt(0)])]);
    expect(recordText({ tnf: 1, type: ascii("T"), payload: utf16 })).toBe(CODE);
    const uri = { tnf: 1, type: ascii("U"), payload: new Uint8Array([0x04, ...ascii(`anxin.example/cp?c=${CODE}`)]) };
    expect(recordText(uri)).toBe(`https://anxin.example/cp?c=${CODE}`);
    expect(readTag({ messages: [{ records: [uri] }] })).toEqual({ kind: "code", code: CODE });
    const mime = { tnf: 2, type: ascii("text/plain;charset=utf-8"), payload: ascii(` ${CODE}\n`) };
    expect(readTag({ messages: [{ records: [mime] }] })).toEqual({ kind: "code", code: CODE });
  });

  it("the first record holding a code wins; other records and other content are passed over", () => {
    const other = { tnf: 4, type: ascii("android.com:pkg"), payload: ascii("com.tencent.mm") };
    const note = textRecord("县人民医院 3号楼配电室");
    expect(recordText(other)).toBeNull();
    expect(readTag({ messages: [{ records: [other, note, textRecord(CODE)] }] })).toEqual({ kind: "code", code: CODE });
    expect(recordText({ tnf: 1, type: ascii("T"), payload: enc("\u0002zh巡查点") })).toBe("巡查点");
  });

  it("a tag without a code is blank, with its id as hex; malformed and oversized payloads give nothing", () => {
    const id = new Uint8Array([0x04, 0xa2, 0x3f, 0x11]).buffer;
    expect(readTag({ techs: ["NfcA"], messages: [], id })).toEqual({ kind: "blank", tagId: "04:a2:3f:11" });
    expect(readTag({})).toEqual({ kind: "blank", tagId: null });
    // a language length past the payload's end, an empty payload, more bytes than a tag holds
    expect(recordText({ tnf: 1, type: ascii("T"), payload: new Uint8Array([0x3f, 0x41]) })).toBeNull();
    expect(recordText({ tnf: 1, type: ascii("T"), payload: new Uint8Array(0) })).toBeNull();
    const big = new Uint8Array(4096).fill(0x41);
    expect(recordText({ tnf: 2, type: ascii("text/plain"), payload: big })).toBeNull();
    // a code cut short, a made-up prefix
    expect(codeInText(CODE.slice(0, 30))).toBeNull();
    expect(codeInText(CODE.replace("AXCP1", "AXCP9"))).toBeNull();
    // bad UTF-8 decodes to replacement characters, never throws
    expect(utf8(new Uint8Array([0xe5, 0x8f]))).toContain("\uFFFD");
    // records past the bound are not looked at
    const many = Array.from({ length: 40 }, () => textRecord("x"));
    expect(readTag({ messages: [{ records: [...many, textRecord(CODE)] }] }).kind).toBe("blank");
  });
});

function fakeAdapter() {
  let listener: ((r: DiscoveredLike) => void) | null = null;
  let fail: ((e: { errCode?: number }) => void) | undefined;
  const a = {
    started: 0,
    stopped: 0,
    onDiscovered: (cb: (r: DiscoveredLike) => void) => void (listener = cb),
    offDiscovered: () => void (listener = null),
    startDiscovery: (o: { fail?: (e: { errCode?: number }) => void }) => {
      a.started++;
      fail = o.fail;
    },
    stopDiscovery: () => void a.stopped++,
    touch: (r: DiscoveredLike) => listener?.(r),
    refuse: (errCode: number) => fail?.({ errCode }),
    listening: () => listener !== null,
  };
  return a satisfies NfcAdapterLike & Record<string, unknown>;
}

describe("reading a tag through the adapter", () => {
  afterEach(() => vi.useRealTimers());

  it("answers the code of the tag touched and stops discovery", async () => {
    const a = fakeAdapter();
    const read = readCheckpointNfc(a, 5000);
    expect(a.started).toBe(1);
    a.touch({ messages: [{ records: [textRecord(CODE)] }] });
    await expect(read).resolves.toBe(CODE);
    expect(a.stopped).toBe(1);
    expect(a.listening()).toBe(false);
  });

  it("a blank tag, NFC switched off and nothing read in time are refused in words", async () => {
    const blank = fakeAdapter();
    const r1 = readCheckpointNfc(blank, 5000);
    blank.touch({ messages: [], id: new Uint8Array([1, 2]).buffer });
    await expect(r1).rejects.toMatchObject({ reason: "blank" });

    const off = fakeAdapter();
    const r2 = readCheckpointNfc(off, 5000);
    off.refuse(13001);
    await expect(r2).rejects.toMatchObject({ reason: "off", message: expect.stringContaining("打开 NFC") });
    expect(off.stopped).toBe(1);

    vi.useFakeTimers();
    const idle = fakeAdapter();
    const r3 = readCheckpointNfc(idle, 20_000);
    vi.advanceTimersByTime(20_000);
    await expect(r3).rejects.toMatchObject({ reason: "timeout" });
    expect(idle.stopped).toBe(1);
    idle.touch({ messages: [{ records: [textRecord(CODE)] }] }); // too late: ignored
  });

  // A real tag needs an Android phone with NFC and WeChat; this machine has neither, so it does not run.
  console.warn("[skipped] reading a real NFC tag: needs an Android phone with NFC running WeChat");
  it.skip("SKIPPED (needs an Android phone with NFC running WeChat): a written NTAG215 is read on a device", () => {
    // on a device: write textRecord(code) to a tag, open the patrol page, press 读取 NFC 标签, touch the tag
  });
});
