// A broker process of the shards' entry (MQTT_BROKER_PROCESSES; broker-shards.ts is the API's side and says
// why): the broker (broker-side.ts, broker-core.ts) in a process of its own, which listens on nothing. The API's
// process accepts each device's connection and hands the socket here; this process's open files are its own.
// Two channels: Node's IPC channel carries only the start and the sockets (a message sent after a socket waits
// until this process has taken it), and a pipe of its own (fd 4) carries the batches both ways as JSON lines, so
// a store's answer (a PUBACK, a fire's too) never waits behind a storm's hand-overs.
import net, { type Socket } from "node:net";
import { runBrokerSide, type BrokerSide } from "./broker-side.ts";
import { BATCH_FD, jsonLines, type ToBrokerProcess } from "./process-wire.ts";
import type { FromBroker, ToBroker } from "./broker-thread.ts";

if (!process.send) throw new Error("broker-process.ts runs as a forked process (broker-shards.ts starts it)");
const pipe = new net.Socket({ fd: BATCH_FD, readable: true, writable: true });
pipe.on("error", () => process.exit(0)); // the API's process gone: its devices reconnect to the next one
const send = (batch: FromBroker[]) => {
  if (!pipe.destroyed) pipe.write(`${JSON.stringify(batch)}\n`);
};
let side: BrokerSide | null = null;
jsonLines(pipe, (batch) => side?.receive(batch as ToBroker[]));
process.on("message", (m: ToBrokerProcess, handle?: unknown) => {
  if (m.t === "init" && !side) side = runBrokerSide(m.data, send, { process: "mqtt", shard: m.shard });
  else if (m.t === "socket") {
    const socket = handle as Socket | undefined;
    // gone before it came: its end is said at once, or the API's count of its address would keep it
    if (!socket) return send([{ t: "gone", address: m.address }]);
    if (side) side.accept(socket, m.address);
    else {
      socket.destroy();
      send([{ t: "gone", address: m.address }]);
    }
  }
});
// the API's process gone (killed, crashed): its devices reconnect to the next one; nothing here to keep
process.on("disconnect", () => process.exit(0));
