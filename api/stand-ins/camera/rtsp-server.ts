// A camera on 127.0.0.1: an RTSP server (RFC 2326) that serves generated H.264 video over TCP with RTP
// interleaved on the RTSP connection (10.12), as network cameras do when asked for TCP transport. It
// answers OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER (keep-alive) and TEARDOWN, with optional Basic or
// Digest authentication. UDP transport is refused with 461, so clients must ask for TCP.
import { randomBytes, randomInt } from "node:crypto";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { encodeClip, type Clip, type ClipOptions } from "./clip.ts";
import { interleave, packetize, sdp, type AccessUnit, type RtpState } from "./h264.ts";
import { ClipPlayer } from "./player.ts";
import { RtspAuth, type AuthScheme, type Credentials } from "./rtsp-auth.ts";

const MAX_HEAD = 8192;
/** a client that cannot keep up loses pictures until the next key frame instead of growing our memory */
const MAX_BUFFERED = 4 * 1024 * 1024;

export interface CameraStandInOptions {
  /** stream paths (e.g. "/flame") and what each shows */
  paths: Record<string, ClipOptions>;
  auth?: Credentials & { scheme: AuthScheme };
  port?: number;
}

interface Request {
  method: string;
  url: string;
  headers: Map<string, string>;
}

interface Session {
  id: string;
  player: ClipPlayer;
  channel: number;
  rtp: RtpState;
  needKey: boolean;
  unsubscribe: (() => void) | null;
}

export class CameraStandIn {
  private server: net.Server | null = null;
  private readonly players = new Map<string, ClipPlayer>();
  private readonly clips = new Map<string, Promise<Clip>>();
  private readonly sockets = new Set<net.Socket>();
  private readonly sessions = new Set<Session>();
  private readonly auth: RtspAuth | null;
  port = 0;

  constructor(private readonly options: CameraStandInOptions) {
    this.auth = options.auth ? new RtspAuth(options.auth.scheme, options.auth) : null;
  }

  /** Encodes the clips, then listens on 127.0.0.1 (an ephemeral port unless one is given). */
  async start(): Promise<this> {
    for (const [path, clip] of Object.entries(this.options.paths)) await this.addPath(path, clip);
    this.server = net.createServer((socket) => this.connection(socket));
    this.server.listen(this.options.port ?? 0, "127.0.0.1");
    await new Promise((resolve, reject) => this.server!.once("listening", resolve).once("error", reject));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Adds a stream path; paths with the same clip options share one encoding and one player. */
  async addPath(path: string, options: ClipOptions): Promise<void> {
    const key = JSON.stringify(options);
    if (!this.clips.has(key)) this.clips.set(key, encodeClip(options));
    const clip = await this.clips.get(key)!;
    const shared = [...this.players.values()].find((p) => p.clip === clip);
    this.players.set(normalise(path), shared ?? new ClipPlayer(clip));
  }

  /** rtsp://127.0.0.1:port/path, with credentials in the URL when given. */
  url(path: string, creds?: Credentials): string {
    const user = creds ? `${encodeURIComponent(creds.username)}:${encodeURIComponent(creds.password)}@` : "";
    return `rtsp://${user}127.0.0.1:${this.port}${normalise(path)}`;
  }

  /** A frozen path still answers RTSP but sends no pictures (a hung encoder). */
  freeze(path: string, frozen = true): void {
    const p = this.players.get(normalise(path));
    if (p) p.frozen = frozen;
  }

  /** Sessions that are playing now. */
  get playing(): number {
    return [...this.sessions].filter((s) => s.unsubscribe).length;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.unsubscribe?.();
    for (const p of this.players.values()) p.stop();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private connection(socket: net.Socket): void {
    this.sockets.add(socket);
    const mine = new Set<Session>();
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf[0] === 0x24) {
          // interleaved RTCP from the client (receiver reports): read past it
          if (buf.length < 4) return;
          const len = 4 + buf.readUInt16BE(2);
          if (buf.length < len) return;
          buf = buf.subarray(len);
          continue;
        }
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) {
          if (buf.length > MAX_HEAD) socket.destroy();
          return;
        }
        const req = parseHead(buf.subarray(0, end).toString("latin1"));
        const bodyLength = Math.min(MAX_HEAD, Number(req?.headers.get("content-length") ?? 0) || 0);
        if (buf.length < end + 4 + bodyLength) return;
        buf = buf.subarray(end + 4 + bodyLength);
        if (!req) {
          socket.end("RTSP/1.0 400 Bad Request\r\n\r\n");
          return;
        }
        this.handle(socket, req, mine);
      }
    });
    const cleanup = () => {
      this.sockets.delete(socket);
      for (const s of mine) this.endSession(s);
    };
    socket.on("close", cleanup);
    socket.on("error", cleanup);
  }

  private handle(socket: net.Socket, req: Request, mine: Set<Session>): void {
    const cseq = req.headers.get("cseq") ?? "0";
    const reply = (status: string, headers: Record<string, string> = {}, body = "") => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq}`, "Server: Anxin camera stand-in"];
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
    };
    if (req.method === "OPTIONS")
      return reply("200 OK", { Public: "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN" });
    if (this.auth && !this.auth.verify(req.method, req.headers.get("authorization")))
      return reply("401 Unauthorized", { "WWW-Authenticate": this.auth.challenge() });
    const path = pathOf(req.url);
    const player = path === null ? undefined : this.players.get(streamPath(path, this.players));
    const session = [...mine].find((s) => s.id === req.headers.get("session")?.split(";")[0]);
    switch (req.method) {
      case "DESCRIBE": {
        if (!player) return reply("404 Not Found");
        const body = sdp({ ...player.clip, sessionId: String(randomInt(1, 2 ** 31)) });
        return reply(
          "200 OK",
          { "Content-Base": `${req.url.replace(/\/$/, "")}/`, "Content-Type": "application/sdp" },
          body,
        );
      }
      case "SETUP": {
        if (!player) return reply("404 Not Found");
        const transport = req.headers.get("transport") ?? "";
        const channel = /interleaved=(\d+)/.exec(transport);
        if (!transport.includes("RTP/AVP/TCP") || !channel) return reply("461 Unsupported Transport");
        const s: Session = {
          id: randomBytes(8).toString("hex"),
          player,
          channel: Number(channel[1]) & 0xff,
          rtp: { ssrc: randomInt(0, 2 ** 32 - 1), seq: randomInt(0, 0xffff) },
          needKey: true,
          unsubscribe: null,
        };
        mine.add(s);
        this.sessions.add(s);
        const ch = `${s.channel}-${s.channel + 1}`;
        return reply("200 OK", {
          Transport: `RTP/AVP/TCP;unicast;interleaved=${ch};ssrc=${s.rtp.ssrc.toString(16).padStart(8, "0")}`,
          Session: `${s.id};timeout=60`,
        });
      }
      case "PLAY": {
        if (!session) return reply("454 Session Not Found");
        const info = `url=${req.url.replace(/\/$/, "")}/track1;seq=${session.rtp.seq};rtptime=${session.player.nextTimestamp}`;
        reply("200 OK", { Session: session.id, Range: "npt=0.000-", "RTP-Info": info });
        session.unsubscribe ??= session.player.subscribe((au, ts) => this.send(socket, session, au, ts));
        return;
      }
      case "GET_PARAMETER":
        return reply("200 OK", session ? { Session: session.id } : {});
      case "TEARDOWN":
        if (session) {
          this.endSession(session);
          mine.delete(session);
        }
        return reply("200 OK");
      default:
        return reply("405 Method Not Allowed", { Allow: "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN" });
    }
  }

  private send(socket: net.Socket, s: Session, au: AccessUnit, timestamp: number): void {
    if (socket.destroyed) return;
    if (socket.writableLength > MAX_BUFFERED) s.needKey = true;
    if (s.needKey && !au.key) return;
    s.needKey = false;
    for (const packet of packetize(au, timestamp, s.rtp)) socket.write(interleave(s.channel, packet));
  }

  private endSession(s: Session): void {
    s.unsubscribe?.();
    s.unsubscribe = null;
    this.sessions.delete(s);
  }
}

function normalise(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, "")}`;
}

function parseHead(head: string): Request | null {
  const [line, ...rest] = head.split("\r\n");
  const m = /^([A-Z_]+) (\S+) RTSP\/1\.0$/.exec(line ?? "");
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const h of rest.slice(0, 50)) {
    const i = h.indexOf(":");
    if (i > 0) headers.set(h.slice(0, i).trim().toLowerCase(), h.slice(i + 1).trim());
  }
  return { method: m[1]!, url: m[2]!, headers };
}

function pathOf(url: string): string | null {
  try {
    return normalise(new URL(url).pathname);
  } catch {
    return null;
  }
}

/** A SETUP names the track under the stream (".../flame/track1"): find the stream it belongs to. */
function streamPath(path: string, players: Map<string, ClipPlayer>): string {
  if (players.has(path)) return path;
  return normalise(path.split("/").slice(0, -1).join("/"));
}

/** Starts a stand-in camera server with the given paths. */
export async function startCameraStandIn(options: CameraStandInOptions): Promise<CameraStandIn> {
  return new CameraStandIn(options).start();
}
