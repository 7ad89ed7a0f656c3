// One question to a bench's child process over IPC: the value under `key` of the child's next message that
// has it. Refused when that message carries an `error` text, or when none comes within `limitMs`.
import type { ChildProcess } from "node:child_process";

export function childAnswer<T>(child: ChildProcess, key: string, limitMs: number, message?: object): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", on);
      reject(new Error(`bench: no answer to ${key} in ${limitMs} ms`));
    }, limitMs);
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      clearTimeout(timer);
      child.off("message", on);
      if (typeof m.error === "string") reject(new Error(m.error));
      else resolve(m[key] as T);
    };
    child.on("message", on);
    if (message) child.send(message);
  });
}
