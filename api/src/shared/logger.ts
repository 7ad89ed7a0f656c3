import { pino, type Logger, type LoggerOptions } from "pino";
import { maskPhonesInText } from "./mask.ts";

export type { Logger };

/**
 * JSON.stringify writes an Error as {} (its fields are not enumerable), which left "request failed" logs
 * without a message or a stack: errors are written with their type, message, code and stack.
 */
function errorsAsObjects(_key: string, v: unknown): unknown {
  if (!(v instanceof Error)) return v;
  const code = (v as { code?: unknown }).code;
  return { type: v.name, message: v.message, ...(code !== undefined ? { code } : {}), stack: v.stack };
}

export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: { write(line: string): void },
): Logger {
  const options: LoggerOptions = {
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
        return JSON.parse(maskPhonesInText(JSON.stringify(obj, errorsAsObjects))) as Record<string, unknown>;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
