// The broker thread's entry (MQTT_BROKER_THREAD; broker-thread.ts is the API's side and says why): the broker
// (broker-side.ts, broker-core.ts) on this thread's loop, its hooks answered by the API's thread.
import { parentPort, workerData } from "node:worker_threads";
import { runBrokerSide } from "./broker-side.ts";
import type { BrokerWorkerData, FromBroker, ToBroker } from "./broker-thread.ts";

const port = parentPort;
if (!port) throw new Error("broker-worker.ts runs as a worker thread (broker-thread.ts starts it)");
const side = runBrokerSide(workerData as BrokerWorkerData, (batch: FromBroker[]) => port.postMessage(batch), {
  thread: "mqtt",
});
port.on("message", (batch: ToBroker[]) => side.receive(batch));
