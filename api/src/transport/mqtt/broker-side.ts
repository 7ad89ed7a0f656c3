// The broker's own side, wherever it runs away from the API's loop: on a thread (broker-worker.ts,
// MQTT_BROKER_THREAD) or in a process of the shards (broker-process.ts, MQTT_BROKER_PROCESSES). The broker
// (broker-core.ts) on this loop, its hooks answered by the API's side (broker-thread.ts) through `send`.
import type { Socket } from "node:net";
import { createLogger } from "../../shared/logger.ts";
import { fireMark } from "../../shared/fire-trace.ts";
import { takeImmediateTurns } from "../../shared/immediate-turns.ts";
import { FIRE_CLASS_TYPES, mayBeFireClass } from "../../modules/devices/fire-class.ts";
import { ThreadAnswers } from "./thread-answers.ts";
import { ringFireDoor } from "../../shared/fire-door.ts";
import { serveBroker, type BrokerHooks, type ServedBroker } from "./broker-core.ts";
import type { BrokerWorkerData, FromBroker, ToBroker } from "./broker-thread.ts";

// aedes goes on with each connection in setImmediate callbacks: in a reconnect storm thousands a check phase,
// and the sockets (a fire alarm's packet among them) unread meanwhile. They take turns (immediate-turns.ts).
const IMMEDIATES_PER_TURN = 64;
/** the questions to the API's side: ANSWERS_PER_TURN answers a turn, a fire message's at once (thread-answers.ts) */
const ANSWERS_PER_TURN = 64;
/** a command's answer from a broker the device is not connected to (`connectedOnly`) */
export const NOT_CONNECTED_HERE = "the device is not connected to this broker";

/**
 * A device message's type says whether it is fire-class; a payload this cannot read goes as routine. Only a
 * text that may name a fire-class type is parsed (mayBeFireClass): heartbeats and readings are not.
 */
function fireClass(text: string): boolean {
  if (text.length > 8192 || !mayBeFireClass(text)) return false;
  try {
    const o: unknown = JSON.parse(text);
    const type = typeof o === "object" && o !== null ? (o as { type?: unknown }).type : undefined;
    return typeof type === "string" && FIRE_CLASS_TYPES.has(type);
  } catch {
    return false;
  }
}

export interface BrokerSide {
  /** the API side's messages (answers, commands, close) */
  receive(batch: ToBroker[]): void;
  /**
   * A connection the API's process accepted and handed over (a broker that does not listen); `address`: the
   * client's as the API's process saw it, said back when the connection ends (the socket may be reset by then).
   */
  accept(socket: Socket, address: string): void;
}

/**
 * Starts the broker on this loop (once a thread or process: it takes this loop's immediates in turns).
 * `send` carries messages to the API's side; `where` names this side in its log lines.
 */
export function runBrokerSide(
  data: BrokerWorkerData,
  send: (batch: FromBroker[]) => void,
  where: Record<string, unknown>,
): BrokerSide {
  const turns = takeImmediateTurns(IMMEDIATES_PER_TURN);
  const log = createLogger(data.logLevel, { ...data.logBase, ...where });
  let out: FromBroker[] = [];
  let scheduled = false;
  /** the connected count, sent once a turn (the last one), not at every connection of a storm */
  let clients: number | null = null;
  const flush = () => {
    scheduled = false;
    if (clients !== null) out.push({ t: "clients", n: clients });
    clients = null;
    if (!out.length) return;
    const batch = out;
    out = [];
    send(batch);
  };
  const flushSoon = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  /** Routine messages leave once a turn of this loop (every socket it read); `now`: this and what is gathered, at once. */
  const post = (m: FromBroker, now = false) => {
    out.push(m);
    if (now) flush();
    else flushSoon();
  };

  const answers = new ThreadAnswers(ANSWERS_PER_TURN);
  let lastClients = -1;
  const hooks: BrokerHooks = {
    secretHash: (deviceId) => answers.ask((s) => post({ t: "secret", seq: s, deviceId })),
    store(deviceId, payload) {
      const text = typeof payload === "string" ? payload : payload.toString("utf8");
      const fire = fireClass(text);
      if (!fire) return answers.ask((s) => post({ t: "store", seq: s, deviceId, text, fire }));
      fireMark("read", { deviceId });
      // through the door the API's routine work answers between its pieces (fire-door.ts), else at once
      const door = data.fireDoor;
      return answers.ask(
        (s) =>
          door
            ? ringFireDoor(door, { t: "store", seq: s, deviceId, text, fire } satisfies FromBroker)
            : post({ t: "store", seq: s, deviceId, text, fire }, true),
        true,
      );
    },
    authFailure: (reason) => post({ t: "auth_failure", reason }),
    refused: (reason) => post({ t: "refused", reason }),
    clients(n) {
      if (n === lastClients) return;
      lastClients = n;
      clients = n;
      flushSoon();
    },
  };

  let broker: ServedBroker | null = null;
  let closing = false;
  // the dead sockets' teardown on the real setImmediate: a lane of its own beside the turns (broker-core.ts)
  serveBroker(data.options, hooks, log, (fn) => turns.real(fn)).then(
    (b) => {
      broker = b;
      post({ t: "listening", port: b.port }, true);
    },
    (e: Error) => {
      post({ t: "failed", message: e.message }, true);
      process.exit(1);
    },
  );

  return {
    receive(batch) {
      for (const m of batch) {
        if (m.t === "stored" || m.t === "secret") {
          answers.receive(m);
        } else if (m.t === "down") {
          if (!broker) post({ t: "sent", seq: m.seq, error: "the broker is not listening" });
          else if (m.connectedOnly && !broker.has(m.deviceId))
            post({ t: "sent", seq: m.seq, error: NOT_CONNECTED_HERE }, true);
          else
            broker.publishDown(m.deviceId, m.json).then(
              () => post({ t: "sent", seq: m.seq }, true),
              (e: Error) => post({ t: "sent", seq: m.seq, error: e.message }, true),
            );
        } else if (m.t === "close") {
          const b = broker;
          broker = null;
          closing = true;
          void (b ? b.close() : Promise.resolve()).finally(() => post({ t: "closed" }, true));
        }
      }
    },
    accept(socket, address) {
      // the API's side counts each address's connections across the processes: it hears of each one's end
      socket.once("close", () => post({ t: "gone", address }));
      if (!broker || closing) {
        socket.destroy();
        return;
      }
      broker.accept(socket);
      socket.resume();
    },
  };
}
