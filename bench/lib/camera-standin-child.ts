// The bench's cameras in a process of their own: the RTSP stand-in packetises and writes H.264 for every
// camera at its frame rate, work that in the bench's own process would delay the alarm probe's clocks (the
// provider stubs time each alarm's arrival there) and so inflate the alarm path's tail it measures.
// Messages: {addPath, clip} -> {added}; {stop} -> exits. Sends {port} once listening.
import { startCameraStandIn } from "../../api/stand-ins/camera/index.ts";
import type { ClipOptions } from "../../api/stand-ins/camera/index.ts";

const cam = await startCameraStandIn({ paths: {} });
const port = Number(new URL(cam.url("/").replace(/^rtsp:/, "http:")).port);
process.send!({ port });
process.on("message", (m: { addPath?: string; clip?: ClipOptions; stop?: boolean }) => {
  if (m.addPath && m.clip)
    void cam.addPath(m.addPath, m.clip).then(
      () => process.send!({ added: m.addPath }),
      (e: Error) => process.send!({ added: m.addPath, error: e.message }),
    );
  if (m.stop) void cam.stop().finally(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
