// `npm start` without carrier credentials: local servers that play CTWing's and OneNET's command APIs, set
// up like a real subscription (random push tokens, the demo's application keys), with the demo's NB-IoT
// devices registered. The platforms push command results to the API's receivers a few seconds after each
// command, as the real ones do once a sleeping device wakes. Where the pushes go and with which token is
// written to data/demo.json for the simulator (`npm run simulate:facility -- --scenario nbiot_smoke`).
import { randomBytes } from "node:crypto";
import {
  CtwingStandIn,
  DEMO_CTWING_APP_KEY,
  DEMO_CTWING_APP_SECRET,
  DEMO_CTWING_MASTER_KEY,
} from "../api/stand-ins/ctwing-stand-in.ts";
import { DEMO_ONENET_API_KEY, OnenetStandIn } from "../api/stand-ins/onenet-stand-in.ts";
import type { DemoInfo } from "../prisma/seed/demo-seed.ts";
import { DEMO_NBIOT } from "../prisma/seed/sensors-demo.ts";

export interface CarrierDemo {
  ctwing: { pushUrl: string };
  onenet: { pushUrl: string; token: string; aesKey: string };
}

/** One demo NB-IoT device as an installer would subscribe it (data/demo.json `carrier`). */
export type CarrierDemoDevice =
  | { platform: "ctwing"; productId: string; deviceId: string; imei: string; anxinDeviceId: string; url: string }
  | { platform: "onenet"; devId: string; imei: string; anxinDeviceId: string; url: string; token: string };

export async function startCarrierStandIns(env: NodeJS.ProcessEnv) {
  const ctwing = new CtwingStandIn();
  const onenet = new OnenetStandIn();
  env.CTWING_API_BASE = await ctwing.start();
  env.ONENET_API_BASE = await onenet.start();
  env.CTWING_APP_KEY = DEMO_CTWING_APP_KEY;
  env.CTWING_APP_SECRET = DEMO_CTWING_APP_SECRET;
  env.CTWING_MASTER_KEYS = `${DEMO_NBIOT.ctwing.productId}:${DEMO_CTWING_MASTER_KEY}`;
  env.ONENET_API_KEY = DEMO_ONENET_API_KEY;
  env.CTWING_PUSH_TOKEN ??= randomBytes(18).toString("base64url");
  env.ONENET_PUSH_TOKEN ??= randomBytes(12).toString("base64url");
  // OneNET's encrypted ("safe") mode, as a careful installation would choose: 43 characters of Base64
  env.ONENET_AES_KEY ??= randomBytes(32).toString("base64").replace(/[+/=]/g, "A").slice(0, 43);
  ctwing.addDevice(DEMO_NBIOT.ctwing.productId, DEMO_NBIOT.ctwing.deviceId, { imei: DEMO_NBIOT.ctwing.imei });
  onenet.addDevice(DEMO_NBIOT.onenet.imei, Number(DEMO_NBIOT.onenet.deviceId));
  onenet.addDevice(DEMO_NBIOT.onenetSmoke.imei, Number(DEMO_NBIOT.onenetSmoke.deviceId));
  onenet.pushToken = env.ONENET_PUSH_TOKEN;
  onenet.encodingAesKey = env.ONENET_AES_KEY;
  return {
    /** once the API listens: where the platforms push, and the demo's note of it */
    connect(apiUrl: string, demo: DemoInfo | null) {
      const ctwingUrl = `${apiUrl}/api/ingest/ctwing?token=${encodeURIComponent(env.CTWING_PUSH_TOKEN!)}`;
      const onenetUrl = `${apiUrl}/api/ingest/onenet`;
      ctwing.pushUrl = ctwingUrl;
      onenet.pushUrl = onenetUrl;
      ctwing.autoRespondMs = onenet.autoRespondMs = 3000;
      if (demo) {
        demo.carriers = {
          ctwing: { pushUrl: ctwingUrl },
          onenet: { pushUrl: onenetUrl, token: env.ONENET_PUSH_TOKEN!, aesKey: env.ONENET_AES_KEY! },
        } satisfies CarrierDemo;
        const devices = demo.devices as {
          id: string;
          carrier?: { platform: string; productId: string; deviceId: string; imei: string };
        }[];
        demo.carrier = devices.flatMap((d): CarrierDemoDevice[] => {
          const c = d.carrier;
          if (!c) return [];
          return c.platform === "ctwing"
            ? [
                {
                  platform: "ctwing",
                  productId: c.productId,
                  deviceId: c.deviceId,
                  imei: c.imei,
                  anxinDeviceId: d.id,
                  url: ctwingUrl,
                },
              ]
            : [
                {
                  platform: "onenet",
                  devId: c.deviceId,
                  imei: c.imei,
                  anxinDeviceId: d.id,
                  url: onenetUrl,
                  token: env.ONENET_PUSH_TOKEN!,
                },
              ];
        });
      }
    },
    async stop() {
      await ctwing.stop();
      await onenet.stop();
    },
  };
}
