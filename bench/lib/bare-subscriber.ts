// The baseline: a bare subscriber that acknowledges each QoS 1 message as soon as it arrives and does
// nothing else, in its own process (as the API is). Run as a child: argv url, group; answers "count" on IPC.
import net from "node:net";
import mqttPacket, { type Packet } from "mqtt-packet";

const [url, group = "bench"] = process.argv.slice(2);
const u = new URL(url!);
let count = 0;
const socket = net.connect({ host: u.hostname, port: Number(u.port) });
const parser = mqttPacket.parser({ protocolVersion: 4 });
const send = (p: Packet) => socket.write(mqttPacket.generate(p));
parser.on("packet", (p: Packet) => {
  if (p.cmd === "connack")
    send({ cmd: "subscribe", messageId: 1, subscriptions: [{ topic: `$share/${group}/devices/+/up`, qos: 1 }] });
  else if (p.cmd === "suback") process.send?.({ ready: true });
  else if (p.cmd === "publish") {
    count++;
    if (p.qos > 0) send({ cmd: "puback", messageId: p.messageId! });
  }
});
socket.on("data", (b: Buffer) => parser.parse(b));
socket.on("connect", () =>
  send({
    cmd: "connect",
    protocolId: "MQTT",
    protocolVersion: 4,
    clean: true,
    clientId: decodeURIComponent(u.username),
    keepalive: 60,
    username: decodeURIComponent(u.username),
    password: Buffer.from(decodeURIComponent(u.password)),
  }),
);
let stopping = false;
socket.on("close", () => process.exit(0));
// the broker may reset the connection as it is stopped after the round: only an error before that counts
socket.on("error", (e) => {
  if (!stopping) console.error(`bare subscriber: ${e.message}`);
  process.exit(stopping ? 0 : 1);
});
process.on("message", (m) => {
  if (m === "count") process.send?.({ count });
  if (m === "stop") {
    stopping = true;
    socket.end();
  }
});
