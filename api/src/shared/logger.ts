import { pino, type Logger } from "pino";
import { maskPhonesInText } from "./mask.ts";

export type { Logger };

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "password",
        "*.password",
        "secret",
        "*.secret",
        "token",
        "*.token",
        "refreshToken",
        "*.refreshToken",
        "req.headers.authorization",
        "req.headers.cookie",
      ],
      censor: "[redacted]",
    },
    hooks: {
      // Mask phone numbers wherever they appear in a log message.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? maskPhonesInText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
    formatters: {
      log(obj) {
        return JSON.parse(maskPhonesInText(JSON.stringify(obj))) as Record<string, unknown>;
      },
    },
  });
}
