// Where a camera's video comes from, and how its secrets stay out of logs and errors. Cameras take their
// account in the RTSP URL's userinfo (RFC 3986 3.2.1) or on a 401 challenge; ffmpeg accepts only the URL
// form, so the account is put into the URL at the last moment and masked everywhere text leaves us.

/** An RTSP camera: the address without credentials, and the account kept apart (a stored secret). */
export interface CameraSource {
  url: string;
  username?: string;
  password?: string;
}

/** What ffmpeg reads: a camera, or a recorded clip (evaluation, tests). */
export type VideoInput = { camera: CameraSource } | { file: string };

const MAX_URL = 1024;
const MAX_ACCOUNT = 128;

/** Checks a camera source; returns the reason it is unusable, or null. */
export function sourceProblem(src: CameraSource): string | null {
  if (typeof src.url !== "string" || src.url.length === 0 || src.url.length > MAX_URL)
    return `url must be 1-${MAX_URL} characters`;
  let u: URL;
  try {
    u = new URL(src.url);
  } catch {
    return "url is not a URL";
  }
  if (u.protocol !== "rtsp:" && u.protocol !== "rtsps:") return "url must start with rtsp:// or rtsps://";
  if (!u.hostname) return "url has no host";
  if ((u.username || u.password) && (src.username || src.password))
    return "give the account either in the url or apart, not both";
  for (const [name, v] of [
    ["username", src.username],
    ["password", src.password],
  ] as const)
    if (v !== undefined && (typeof v !== "string" || v.length > MAX_ACCOUNT || /[\r\n]/.test(v)))
      return `${name} must be at most ${MAX_ACCOUNT} characters on one line`;
  return null;
}

/** The URL ffmpeg opens, with the account percent-encoded into it. */
export function urlWithAccount(src: CameraSource): string {
  const u = new URL(src.url);
  if (src.username !== undefined) u.username = encodeURIComponent(src.username);
  if (src.password !== undefined) u.password = encodeURIComponent(src.password);
  return u.toString();
}

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi;

/** Removes every trace of the account from text (ffmpeg's messages, error details, URLs). */
export function maskSecrets(text: string, src?: CameraSource): string {
  let out = text.replace(USERINFO, "$1***@");
  if (src) {
    const secrets = new Set<string>();
    const u = safeUrl(src.url);
    for (const s of [src.password, src.username, u?.password, u?.username])
      if (s) for (const form of [s, encodeURIComponent(s), safeDecode(s)]) if (form.length >= 3) secrets.add(form);
    // longest first, so a password containing the username is masked whole
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join("***");
  }
  return out;
}

/** The address as it may be shown or logged. */
export function maskedUrl(src: CameraSource): string {
  return maskSecrets(src.url, src);
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
