// What the API's process and a broker process of the shards say to each other (broker-shards.ts,
// broker-process.ts): the start and the sockets on Node's IPC channel, the batches as JSON lines on a pipe of
// their own (JSON.stringify escapes every newline inside a string, so a line is one message).
import type { Readable } from "node:stream";
import type { BrokerWorkerData } from "./broker-thread.ts";

/** What the API's process sends on the IPC channel: first the broker's options, then each connection. */
export type ToBrokerProcess =
  | { t: "init"; data: BrokerWorkerData; shard: number }
  /** `address`: the client's, as the API's process saw it (said back with the connection's end) */
  | { t: "socket"; address: string };

/** the batches' pipe: the fifth of the stdio the API's process forks a broker process with */
export const BATCH_FD = 4;

/** Calls `each` with every message that arrives on `stream`, in order. */
export function jsonLines(stream: Readable, each: (message: unknown) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) if (line) each(JSON.parse(line));
  });
}
