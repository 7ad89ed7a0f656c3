// The signature against the worked example in Alibaba Cloud's SMS documentation (SendSms, testId/testSecret,
// GET): if our encoding or ordering drifted, every real request would fail with SignatureDoesNotMatch.
import { describe, expect, it } from "vitest";
import { canonicalQuery, percentEncode, signRpc } from "./aliyun-rpc.ts";

describe("Alibaba Cloud RPC signature", () => {
  const params = {
    AccessKeyId: "testId",
    Action: "SendSms",
    Format: "XML",
    OutId: "123",
    PhoneNumbers: "15300000001",
    RegionId: "cn-hangzhou",
    SignName: "阿里云短信测试专用",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    SignatureVersion: "1.0",
    TemplateCode: "SMS_71390007",
    TemplateParam: '{"customer":"test"}',
    Timestamp: "2017-07-12T02:42:19Z",
    Version: "2017-05-25",
  };

  it("matches the documented example", () => {
    expect(signRpc("GET", params, "testSecret")).toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  });

  it("sorts keys and encodes like the documentation (space %20, * %2A, ~ kept)", () => {
    expect(percentEncode("a b*c~d'!")).toBe("a%20b%2Ac~d%27%21");
    expect(canonicalQuery({ b: "2", a: "1" })).toBe("a=1&b=2");
  });

  it("depends on the method and the secret", () => {
    expect(signRpc("POST", params, "testSecret")).not.toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    expect(signRpc("GET", params, "otherSecret")).not.toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  });
});
