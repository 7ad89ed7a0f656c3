import { describe, expect, it } from "vitest";
import { maskedUrl, maskSecrets, sourceProblem, urlWithAccount } from "./camera-source.ts";

describe("camera sources", () => {
  const src = { url: "rtsp://10.0.0.5:554/Streaming/Channels/102", username: "admin", password: "p@ss:w/rd#1" };

  it("puts the account into the URL percent-encoded", () => {
    expect(urlWithAccount(src)).toBe("rtsp://admin:p%40ss%3Aw%2Frd%231@10.0.0.5:554/Streaming/Channels/102");
  });

  it("masks the account in any form it appears in", () => {
    const text = `Could not open ${urlWithAccount(src)}; password was p@ss:w/rd#1 (p%40ss%3Aw%2Frd%231)`;
    const masked = maskSecrets(text, src);
    expect(masked).not.toContain("p@ss");
    expect(masked).not.toContain("p%40ss");
    expect(masked).not.toContain("admin");
    expect(masked).toContain("rtsp://***@10.0.0.5:554/Streaming/Channels/102");
    expect(maskedUrl({ url: "rtsp://u:secret123@h/x" })).toBe("rtsp://***@h/x");
  });

  it("refuses what ffmpeg should never be handed", () => {
    expect(sourceProblem(src)).toBeNull();
    expect(sourceProblem({ url: "file:///etc/passwd" })).toMatch(/rtsp/);
    expect(sourceProblem({ url: "rtsp://h/x", password: "a\r\nb" })).toMatch(/one line/);
    expect(sourceProblem({ url: `rtsp://h/${"x".repeat(2000)}` })).toMatch(/1-1024/);
    expect(sourceProblem({ url: "rtsp://u:p@h/x", username: "v" })).toMatch(/not both/);
  });
});
