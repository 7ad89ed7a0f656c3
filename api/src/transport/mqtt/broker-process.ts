// A broker process of the shards' entry (MQTT_BROKER_PROCESSES; broker-shards.ts is the API's side and says
// why): the broker (broker-side.ts, broker-core.ts) in a process of its own, which listens on nothing. The API's
// process accepts each device's connection and hands the socket here; this process's open files are its own.
import type { Socket } from "node:net";
import { runBrokerSide, type BrokerSide } from "./broker-side.ts";
import type { BrokerWorkerData, FromBroker, ToBroker } from "./broker-thread.ts";

/** What the API's process sends besides the batches: first the broker's options, then each connection. */
export type ToBrokerProcess = { t: "init"; data: BrokerWorkerData; shard: number } | { t: "socket" };

if (!process.send) throw new Error("broker-process.ts runs as a forked process (broker-shards.ts starts it)");
const send = (batch: FromBroker[]) => {
  // a parent gone: nothing to tell; this process ends with its channel (below)
  if (process.connected) process.send!(batch, undefined, {}, () => undefined);
};
let side: BrokerSide | null = null;
process.on("message", (m: ToBroker[] | ToBrokerProcess, handle?: unknown) => {
  if (Array.isArray(m)) return side?.receive(m);
  if (m.t === "init" && !side) side = runBrokerSide(m.data, send, { process: "mqtt", shard: m.shard });
  else if (m.t === "socket" && handle) {
    const socket = handle as Socket;
    if (side) side.accept(socket);
    else socket.destroy();
  }
});
// the API's process gone (killed, crashed): its devices reconnect to the next one; nothing here to keep
process.on("disconnect", () => process.exit(0));
