// One HTTP/1.1 answer read from a socket's bytes as they come, framed as RFC 9112 says: Content-Length,
// chunked (trailers read and dropped), or until the server closes; 1xx answers skipped; no body after HEAD,
// 204 or 304. Bounded: the body at `maxBytes`, the head and the trailers at 64 KB, a chunk size line at 1 KB.
// The providers' HTTP client (provider-http.ts) reads its answers with it.

const MAX_HEAD_BYTES = 64 * 1024;
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CRLF = Buffer.from("\r\n");
const END_OF_HEAD = Buffer.from("\r\n\r\n");

/** an answer that breaks the framing or a bound: the request fails and its socket is not kept */
class Malformed extends Error {}

/** One answer read from the socket's bytes as they come (RFC 9112 framing). */
export class AnswerParser {
  status = 0;
  readonly headers = new Map<string, string>();
  keepAlive = false;
  private state: "head" | "length" | "size" | "data" | "data-end" | "trailers" | "close" | "done" = "head";
  private buf: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private size = 0;
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly noBody: boolean,
    private readonly maxBytes: number,
  ) {}

  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Takes the next bytes; true once the answer is complete (bytes after it are an error: no pipelining). */
  push(data: Buffer): boolean {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    for (;;) {
      const before = this.buf.length;
      const state = this.state;
      this.step();
      if (this.state === "done") {
        if (this.buf.length) throw new Malformed("bytes after the answer");
        return true;
      }
      if (this.state === state && this.buf.length === before) return false; // needs more bytes
    }
  }

  /** The server closed the connection: complete if the answer runs until the close. */
  end(): boolean {
    if (this.state !== "close") return false;
    this.state = "done";
    return true;
  }

  private take(n: number): void {
    if (n === 0) return;
    const part = this.buf.subarray(0, n);
    this.size += part.length;
    if (this.size > this.maxBytes) throw new Malformed(`answer over ${this.maxBytes} bytes`);
    this.chunks.push(part);
    this.buf = this.buf.subarray(n);
  }

  /** Takes what is here of the `remaining` bytes of a length or a chunk; `then` once all are taken. */
  private takeRemaining(then: "done" | "data-end"): void {
    const n = Math.min(this.remaining, this.buf.length);
    this.take(n);
    this.remaining -= n;
    if (this.remaining === 0) this.state = then;
  }

  private step(): void {
    switch (this.state) {
      case "head": {
        const at = this.buf.indexOf(END_OF_HEAD);
        if ((at < 0 ? this.buf.length : at) > MAX_HEAD_BYTES)
          throw new Malformed(`answer head over ${MAX_HEAD_BYTES} bytes`);
        if (at < 0) return;
        const lines = this.buf.subarray(0, at).toString("latin1").split("\r\n");
        this.buf = this.buf.subarray(at + 4);
        const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!);
        if (!m) throw new Malformed("not an HTTP/1.x status line");
        const status = Number(m[2]);
        const headers = new Map<string, string>();
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          const name = line.slice(0, colon).toLowerCase();
          if (colon <= 0 || !TOKEN.test(name)) throw new Malformed("a malformed header line");
          const value = line.slice(colon + 1).trim();
          const had = headers.get(name);
          headers.set(name, had === undefined ? value : `${had}, ${value}`);
        }
        if (status === 101) throw new Malformed("the server switched protocols");
        if (status < 200) return; // 1xx: the real answer follows
        this.status = status;
        for (const [k, v] of headers) this.headers.set(k, v);
        const connection = (headers.get("connection") ?? "").toLowerCase().split(/\s*,\s*/);
        this.keepAlive = m[1] === "1" ? !connection.includes("close") : connection.includes("keep-alive");
        const te = headers.get("transfer-encoding");
        const cl = headers.get("content-length");
        if (this.noBody || status === 204 || status === 304) {
          this.state = "done";
        } else if (te !== undefined) {
          if (cl !== undefined) this.keepAlive = false; // both: the length is ignored and the socket not trusted
          const last = te
            .toLowerCase()
            .split(/\s*,\s*/)
            .at(-1);
          if (last === "chunked") this.state = "size";
          else {
            this.keepAlive = false;
            this.state = "close";
          }
        } else if (cl !== undefined) {
          const values = new Set(cl.split(/\s*,\s*/));
          const only = [...values][0]!;
          if (values.size !== 1 || !/^\d{1,15}$/.test(only)) throw new Malformed("a malformed Content-Length");
          this.remaining = Number(only);
          if (this.remaining > this.maxBytes) throw new Malformed(`answer over ${this.maxBytes} bytes`);
          this.state = this.remaining === 0 ? "done" : "length";
        } else {
          this.keepAlive = false;
          this.state = "close";
        }
        return;
      }
      case "length":
        return this.takeRemaining("done");
      case "close":
        this.take(this.buf.length);
        return;
      case "size": {
        const at = this.buf.indexOf(CRLF);
        if (at < 0) {
          if (this.buf.length > 1024) throw new Malformed("a chunk size line over 1 KB");
          return;
        }
        const hex = this.buf.subarray(0, at).toString("latin1").split(";")[0]!.trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new Malformed("a malformed chunk size");
        this.buf = this.buf.subarray(at + 2);
        this.remaining = parseInt(hex, 16);
        if (this.size + this.remaining > this.maxBytes) throw new Malformed(`answer over ${this.maxBytes} bytes`);
        this.state = this.remaining === 0 ? "trailers" : "data";
        return;
      }
      case "data":
        return this.takeRemaining("data-end");
      case "data-end":
        if (this.buf.length < 2) return;
        if (this.buf[0] !== 13 || this.buf[1] !== 10) throw new Malformed("a chunk not ended by CRLF");
        this.buf = this.buf.subarray(2);
        this.state = "size";
        return;
      case "trailers": {
        const at = this.buf.indexOf(CRLF);
        if (at < 0) {
          if (this.buf.length > MAX_HEAD_BYTES) throw new Malformed("trailers over 64 KB");
          return;
        }
        this.buf = this.buf.subarray(at + 2);
        if (at === 0) this.state = "done";
        return;
      }
      case "done":
        return;
    }
  }
}
