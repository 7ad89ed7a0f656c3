// The ONNX model slot wired into the API (issue 23): with CAMERA_MODEL_PATH naming a model (the tiny one the
// video tests generate, whose flame score is the frame's mean red minus mean blue), recognition runs it
// instead of the classic detector; a path that does not load leaves the classic detector on.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tinyFireModel } from "../../api/src/integrations/video/onnx-test-model.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-model-"));
const apis: TestApi[] = [];
afterAll(async () => {
  for (const t of apis) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("camera recognition with a county's model", () => {
  it("uses the model named by CAMERA_MODEL_PATH, and the classic detector when it does not load", async () => {
    const model = path.join(dir, "county-fire.onnx");
    writeFileSync(model, tinyFireModel());
    const t = await startTestApi({ env: { CAMERA_MODEL_PATH: model, CAMERA_HEALTH_SEC: "3600" } });
    apis.push(t);
    expect(t.api.services.cameras.watches!.detectorName).toBe("onnx:county-fire.onnx");

    const broken = path.join(dir, "broken.onnx");
    writeFileSync(broken, Buffer.from("not a model"));
    const u = await startTestApi({ env: { CAMERA_MODEL_PATH: broken, CAMERA_HEALTH_SEC: "3600" } });
    apis.push(u);
    expect(u.api.services.cameras.watches!.detectorName).toBe("classic");
  }, 120_000);
});
