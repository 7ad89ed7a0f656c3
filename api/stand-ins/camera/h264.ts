// H.264 for the stand-in: split ffmpeg's Annex B byte stream into access units (ITU-T H.264 annex B: NAL
// units after 00 00 01 start codes; ffmpeg's h264_metadata inserts an access unit delimiter, type 9, before
// every picture), and pack them into RTP (RFC 6184: single NAL unit packets, FU-A fragments above the MTU).

export const NAL = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;

export interface AccessUnit {
  /** NAL units of one picture, without start codes and without the delimiter */
  nals: Buffer[];
  /** holds an IDR slice: a decoder can start here */
  key: boolean;
}

export const nalType = (nal: Buffer): number => nal[0]! & 0x1f;

/** Splits a complete Annex B buffer into NAL units. */
export function splitAnnexB(stream: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let start = -1;
  let i = 0;
  while (i + 2 < stream.length) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) nals.push(trimZeros(stream.subarray(start, i)));
      i += 3;
      start = i;
    } else i++;
  }
  if (start >= 0 && start < stream.length) nals.push(trimZeros(stream.subarray(start)));
  return nals.filter((n) => n.length > 0);
}

// A four-byte start code leaves one zero on the end of the NAL before it (trailing_zero_8bits, annex B.1).
function trimZeros(nal: Buffer): Buffer {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

/** Groups NAL units into access units at each delimiter. */
export function accessUnits(nals: Buffer[]): AccessUnit[] {
  const out: AccessUnit[] = [];
  let current: Buffer[] = [];
  const flush = () => {
    if (current.some((n) => nalType(n) === NAL.SLICE || nalType(n) === NAL.IDR))
      out.push({ nals: current, key: current.some((n) => nalType(n) === NAL.IDR) });
    current = [];
  };
  for (const nal of nals) {
    if (nalType(nal) === NAL.AUD) flush();
    else current.push(nal);
  }
  flush();
  return out;
}

export const RTP_PAYLOAD_TYPE = 96;
const MTU_PAYLOAD = 1400;

export interface RtpState {
  ssrc: number;
  seq: number;
}

/** RTP packets (RFC 3550 fixed header, RFC 6184 payloads) for one access unit at `timestamp` (90 kHz). */
export function packetize(au: AccessUnit, timestamp: number, state: RtpState): Buffer[] {
  const payloads: Buffer[] = [];
  for (const nal of au.nals) {
    if (nal.length <= MTU_PAYLOAD) {
      payloads.push(nal);
      continue;
    }
    // FU-A (RFC 6184 5.8): indicator keeps F and NRI with type 28; the header carries S/E and the NAL type.
    const indicator = (nal[0]! & 0xe0) | 28;
    const type = nal[0]! & 0x1f;
    for (let off = 1; off < nal.length; off += MTU_PAYLOAD - 2) {
      const end = Math.min(nal.length, off + MTU_PAYLOAD - 2);
      const header = (off === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
      payloads.push(Buffer.concat([Buffer.from([indicator, header]), nal.subarray(off, end)]));
    }
  }
  return payloads.map((payload, i) => {
    const h = Buffer.alloc(12);
    h[0] = 0x80; // version 2, no padding, no extension, no CSRC
    // the marker bit closes the access unit (RFC 6184 5.1)
    h[1] = (i === payloads.length - 1 ? 0x80 : 0) | RTP_PAYLOAD_TYPE;
    h.writeUInt16BE(state.seq, 2);
    h.writeUInt32BE(timestamp >>> 0, 4);
    h.writeUInt32BE(state.ssrc >>> 0, 8);
    state.seq = (state.seq + 1) & 0xffff;
    return Buffer.concat([h, payload]);
  });
}

/** RTP over the RTSP connection (RFC 2326 10.12): '$', channel, 16-bit length, packet. */
export function interleave(channel: number, packet: Buffer): Buffer {
  const h = Buffer.from([0x24, channel, 0, 0]);
  h.writeUInt16BE(packet.length, 2);
  return Buffer.concat([h, packet]);
}

/** The session description (RFC 4566) with the parameter sets ffmpeg needs before the first picture. */
export function sdp(opts: { sps: Buffer; pps: Buffer; fps: number; sessionId: string }): string {
  const profile = opts.sps.subarray(1, 4).toString("hex");
  return [
    "v=0",
    `o=- ${opts.sessionId} 1 IN IP4 127.0.0.1`,
    "s=Anxin camera stand-in",
    "c=IN IP4 0.0.0.0",
    "t=0 0",
    "a=control:*",
    `m=video 0 RTP/AVP ${RTP_PAYLOAD_TYPE}`,
    `a=rtpmap:${RTP_PAYLOAD_TYPE} H264/90000`,
    `a=fmtp:${RTP_PAYLOAD_TYPE} packetization-mode=1;profile-level-id=${profile};sprop-parameter-sets=${opts.sps.toString("base64")},${opts.pps.toString("base64")}`,
    `a=framerate:${opts.fps}`,
    "a=control:track1",
    "",
  ].join("\r\n");
}
