// Photos on alarms, on SQLite and PostgreSQL: staff in scope and the household's residents add them; each
// is judged by its content, re-encoded without metadata (no EXIF GPS leaves the server), scaled down, and
// served only to callers who can see the alarm. Bad uploads are refused with a reason and store nothing.
import { readdirSync, existsSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import {
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  startNotifyApi,
  startProviders,
  type Providers,
} from "./escalation-support.ts";

interface Photo {
  id: string;
  width: number;
  height: number;
  bytes: number;
  caption: string | null;
  url: string;
  thumbUrl: string;
}

/** A photo as a phone takes it: 2400 px wide, with an EXIF block holding a GPS position and a marker text. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: "SECRET-MARKER-XYZ", Make: "TestPhone" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "28/1 41/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "115/1 51/1 0/1" },
    })
    .toBuffer();
}

const smallPng = () =>
  sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 1 } } })
    .png()
    .toBuffer();

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`alarm photos on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);
    let alarmId = "";
    let photoDir = "";

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock, { provider });
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      alarmId = (await openAlarm(t, device)).id;
      photoDir = t.api.services.alarmPhotos.dir;
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    const as = (who: string) =>
      ["zhangsan", "lisi", "wangwu", "zhaoliu"].includes(who) ? t.loginResident(who) : t.loginStaff(who);

    async function upload(who: string, body: Buffer | string, type = "image/jpeg", query = "") {
      const res = await fetch(`${t.url}/api/alarms/${alarmId}/photos${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${await as(who)}`, "content-type": type },
        body,
      });
      return { status: res.status, body: (await res.json()) as Photo & { error: { code: string; message: string } } };
    }
    async function image(who: string, url: string) {
      const res = await fetch(`${t.url}${url}`, { headers: { authorization: `Bearer ${await as(who)}` } });
      return {
        status: res.status,
        type: res.headers.get("content-type"),
        cache: res.headers.get("cache-control"),
        data: Buffer.from(await res.arrayBuffer()),
      };
    }
    const stored = () => (existsSync(photoDir) ? readdirSync(photoDir).length : 0);
    const rows = () => t.api.db.prisma.alarmPhoto.count({ where: { alarmId } });

    it("staff add a phone photo: scaled to 1600 px, JPEG, no EXIF or GPS left, in the timeline", async () => {
      const original = await phonePhoto();
      expect((await sharp(original).metadata()).exif).toBeDefined(); // the test photo really carries EXIF
      expect(original.includes("SECRET-MARKER-XYZ")).toBe(true);
      const r = await upload("staff_a", original, "image/jpeg", "?caption=%E5%8E%A8%E6%88%BF%E7%8E%B0%E5%9C%BA");
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ width: 1600, height: 800, caption: "厨房现场" });

      const full = await image("staff_a", r.body.url);
      expect(full.status).toBe(200);
      expect(full.type).toBe("image/jpeg");
      expect(full.cache).toContain("private");
      const meta = await sharp(full.data).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.width).toBe(1600);
      expect(meta.exif).toBeUndefined();
      expect(full.data.includes("SECRET-MARKER-XYZ")).toBe(false);
      expect(full.data.includes("TestPhone")).toBe(false);
      const thumb = await image("staff_a", r.body.thumbUrl);
      expect((await sharp(thumb.data).metadata()).width).toBe(320);

      const d = await t.request<{ actions: { action: string; note: string | null }[]; photos: Photo[] }>(
        "GET",
        `/api/alarms/${alarmId}`,
        { token: await as("manager_a") },
      );
      expect(d.body.photos.map((x) => x.id)).toContain(r.body.id);
      expect(d.body.actions.filter((a) => a.action === "photo").map((a) => a.note)).toEqual(["上传现场照片：厨房现场"]);
    });

    it("a resident of the home adds a PNG and sees the photos of their own alarm; other residents and company B see nothing (404)", async () => {
      const r = await upload("zhangsan", await smallPng(), "image/png");
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ width: 64, height: 48 }); // never enlarged
      const list = await t.request<{ items: Photo[] }>("GET", `/api/alarms/${alarmId}/photos`, {
        token: await as("lisi"),
      });
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(2);
      expect((await image("lisi", list.body.items[0]!.url)).status).toBe(200);

      for (const who of ["wangwu", "manager_b"]) {
        expect((await t.request("GET", `/api/alarms/${alarmId}/photos`, { token: await as(who) })).status).toBe(404);
        expect((await image(who, list.body.items[0]!.url)).status).toBe(404);
        expect((await image(who, list.body.items[0]!.thumbUrl)).status).toBe(404);
        const up = await upload(who, await smallPng(), "image/png");
        expect(up.status).toBe(404);
      }
      // no token: no image
      expect((await fetch(`${t.url}${list.body.items[0]!.url}`)).status).toBe(401);
      // a photo id under another alarm's path is not found either
      const other = await newDevice(t, "书房");
      await deviceSays(t, clock, other, "smoke_alarm");
      const otherAlarm = (await openAlarm(t, other)).id;
      expect((await image("manager_a", `/api/alarms/${otherAlarm}/photos/${list.body.items[0]!.id}`)).status).toBe(404);
    });

    it("refuses what is not a usable image (by content, whatever the name or type says), too big, or empty, and stores nothing", async () => {
      const filesBefore = stored();
      const rowsBefore = await rows();
      const gif = await sharp({ create: { width: 40, height: 40, channels: 3, background: "#ff0000" } })
        .gif()
        .toBuffer();
      const png = await smallPng();
      const cases: [string, Buffer | string, string, number][] = [
        ["text named as a JPEG", "this is not an image at all", "image/jpeg", 400],
        ["a GIF", gif, "image/gif", 400],
        ["a truncated PNG", png.subarray(0, 40), "image/png", 400],
        ["empty", Buffer.alloc(0), "image/jpeg", 400],
        ["JSON", JSON.stringify({ photo: "x" }), "application/json", 400],
        ["a form", "a=b", "application/x-www-form-urlencoded", 400],
        ["over 8 MB", Buffer.concat([png, Buffer.alloc(8 * 1024 * 1024)]), "image/png", 413],
      ];
      for (const [label, body, type, status] of cases) {
        const r = await upload("manager_a", body, type);
        expect(r.status, label).toBe(status);
        expect(r.body.error.message.length, label).toBeGreaterThan(3);
      }
      expect(stored()).toBe(filesBefore);
      expect(await rows()).toBe(rowsBefore);
      // the same bytes labelled wrongly but really an image are accepted: the content decides
      const mislabelled = await upload("manager_a", png, "application/octet-stream");
      expect(mislabelled.status).toBe(201);
    });
  });
}
