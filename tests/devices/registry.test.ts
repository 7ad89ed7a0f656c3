// Registering, importing and binding devices: the one-time binding token, all-or-nothing imports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApi, type TestApi } from "../support/test-api.ts";

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t?.close());

type Registered = { id: string; secret: string; bindCode: string; bindQr: string };
type ImportResult = {
  imported: number;
  rows: { row: number; ok: boolean; error: string | null; device: Registered | null }[];
};
const csv = (text: string) => ({ filename: "devices.csv", contentBase64: Buffer.from(text).toString("base64") });

describe("binding", () => {
  it("binds by the scanned QR once; the same QR cannot bind again", async () => {
    const token = await t.loginStaff("manager_a");
    const reg = await t.request<Registered>("POST", "/api/devices", {
      token,
      body: { serial: "SNBIND0001", modelId: "AX-SA100" },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.secret.length).toBeGreaterThanOrEqual(20);
    const zhangsan = await t.loginResident("zhangsan");
    const home = t.demo.residents[0]!.households[0]!.id;
    const bound = await t.request<{ householdId: string; room: string; state: string }>("POST", "/api/devices/bind", {
      token: zhangsan,
      body: { qr: reg.body.bindQr, householdId: home, room: "卧室", name: "主卧烟感" },
    });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ householdId: home, room: "卧室", state: "never_connected" });
    const wangwu = await t.loginResident("wangwu");
    const theirs = t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.id;
    const again = await t.request<{ error: { code: string } }>("POST", "/api/devices/bind", {
      token: wangwu,
      body: { qr: reg.body.bindQr, householdId: theirs },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("DEVICE_ALREADY_BOUND");
    // the neighbour cannot see it either
    expect((await t.request("GET", `/api/devices/${reg.body.id}`, { token: wangwu })).status).toBe(404);
  });

  it("needs the printed code, not just the serial number", async () => {
    const d = t.demo.devices.find((x) => x.bindCode)!;
    const wangwu = await t.loginResident("wangwu");
    const home = t.demo.residents.find((r) => r.key === "wangwu")!.households[0]!.id;
    const wrong = await t.request<{ error: { code: string } }>("POST", "/api/devices/bind", {
      token: wangwu,
      body: { serial: d.serial, bindCode: "AAAAAAAAAA", householdId: home },
    });
    expect(wrong.body.error.code).toBe("BIND_CODE_INVALID");
    const serialOnly = await t.request("POST", "/api/devices/bind", {
      token: wangwu,
      body: { serial: d.serial, householdId: home },
    });
    expect(serialOnly.status).toBe(400);
    const right = await t.request("POST", "/api/devices/bind", {
      token: wangwu,
      body: { serial: d.serial, bindCode: d.bindCode!.toLowerCase(), householdId: home, room: "厨房" },
    });
    expect(right.status).toBe(200);
    // cannot bind into someone else's home
    const other = t.demo.devices.filter((x) => x.bindCode)[1]!;
    const foreign = await t.request("POST", "/api/devices/bind", {
      token: wangwu,
      body: { qr: other.bindQr, householdId: t.demo.residents[0]!.households[0]!.id },
    });
    expect(foreign.status).toBe(404);
  });

  it("unbinding issues a new code for the next home", async () => {
    const zhangsan = await t.loginResident("zhangsan");
    const d = t.demo.devices[0]!;
    const r = await t.request<{ bindCode: string; bindQr: string }>("POST", `/api/devices/${d.id}/unbind`, {
      token: zhangsan,
    });
    expect(r.status).toBe(200);
    expect((await t.request("GET", `/api/devices/${d.id}`, { token: zhangsan })).status).toBe(404);
    const back = await t.request("POST", "/api/devices/bind", {
      token: zhangsan,
      body: { qr: r.body.bindQr, householdId: t.demo.residents[0]!.households[0]!.id, room: "客厅" },
    });
    expect(back.status).toBe(200);
  });

  it("prints a QR label as SVG for staff (and a fresh code with it)", async () => {
    const d = t.demo.devices.filter((x) => x.bindCode)[2]!;
    const res = await fetch(`${t.url}/api/devices/${d.id}/qr.svg`, {
      headers: { authorization: `Bearer ${await t.loginStaff("manager_a")}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    const svg = await res.text();
    expect(svg).toContain("<svg");
    expect(svg).toContain(d.serial);
    // the old printed code stopped working
    const old = await t.request<{ error: { code: string } }>("POST", "/api/devices/bind", {
      token: await t.loginResident("zhangsan"),
      body: { qr: d.bindQr, householdId: t.demo.residents[0]!.households[0]!.id },
    });
    expect(old.body.error.code).toBe("BIND_CODE_INVALID");
  });
});

describe("import", () => {
  it("reports every bad row and imports nothing; then imports a good sheet", async () => {
    const token = await t.loginStaff("manager_a");
    const bad = await t.request<ImportResult>("POST", "/api/devices/import", {
      token,
      body: csv(
        "序列号,型号,小区,楼栋,单元,房号,安装位置\nSNIMP0001,AX-SA100,幸福小区,2号楼,1单元,301,客厅\nSNIMP0002,NO-SUCH,幸福小区,2号楼,1单元,401,客厅\nSNIMP0003,AX-SA100,和平花园,1号楼,1单元,101,客厅\n",
      ),
    });
    expect(bad.status).toBe(200);
    expect(bad.body.imported).toBe(0);
    expect(bad.body.rows.map((r) => r.ok)).toEqual([true, false, false]);
    expect(bad.body.rows[1]!.error).toContain("型号");
    expect(bad.body.rows[2]!.error).toContain("管辖范围"); // company A cannot install in company B's community
    expect(await t.api.db.prisma.device.count({ where: { serial: { startsWith: "SNIMP" } } })).toBe(0);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("设备");
    ws.addRow(["序列号", "型号", "小区", "楼栋", "单元", "房号", "安装位置"]);
    ws.addRow(["SNIMP0001", "AX-SA100", "幸福小区", "2号楼", "1单元", "301", "客厅"]);
    ws.addRow(["SNIMP0004", "AX-SA200", "青石新村", "1号楼", "2单元", "1502", "厨房"]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const good = await t.request<ImportResult>("POST", "/api/devices/import", {
      token,
      body: { filename: "devices.xlsx", contentBase64: xlsx.toString("base64") },
    });
    expect(good.body.imported).toBe(2);
    expect(good.body.rows.every((r) => r.ok && r.device?.secret)).toBe(true);
    const rows = await t.api.db.prisma.device.findMany({
      where: { serial: { startsWith: "SNIMP" } },
      include: { household: true },
    });
    expect(rows.map((r) => r.household?.roomNo).sort()).toEqual(["1502", "301"]);
  });

  it("refuses a sheet without the required columns, and duplicate serials", async () => {
    const token = await t.loginStaff("manager_a");
    const noCols = await t.request<ImportResult>("POST", "/api/devices/import", { token, body: csv("名称\nx\n") });
    expect(noCols.body.rows[0]!.error).toContain("序列号");
    const dup = await t.request<ImportResult>("POST", "/api/devices/import", {
      token,
      body: csv("serial,model\nSNDUP00001,AX-SA100\nSNDUP00001,AX-SA100\n"),
    });
    expect(dup.body.imported).toBe(0);
    expect(dup.body.rows[1]!.error).toContain("重复");
  });

  it("reads an xlsx as bounded as every upload: a far cell, a file that is no workbook, an empty row", async () => {
    const token = await t.loginStaff("manager_a");
    const send = async (wb: ExcelJS.Workbook | Buffer) => {
      const file = Buffer.isBuffer(wb) ? wb : Buffer.from(await wb.xlsx.writeBuffer());
      return t.request<ImportResult & { error: { code: string; message: string } }>("POST", "/api/devices/import", {
        token,
        body: { filename: "devices.xlsx", contentBase64: file.toString("base64") },
      });
    };
    // one cell on the sheet's last row: the whole-workbook read walked a million rows (each re-counting the
    // columns) and held the event loop; now no row past the limit is read
    const far = new ExcelJS.Workbook();
    const ws = far.addWorksheet("设备");
    ws.addRow(["序列号", "型号"]);
    ws.getCell("B1048576").value = "AX-SA100";
    const r = await send(far);
    expect(r.status).toBe(200);
    expect(r.body.rows[0]!.error).toBe("一次最多导入 5000 行");
    expect(r.body.imported).toBe(0);
    // not a workbook at all: a clear 400, where a plain zip error was a 500
    const junk = await send(Buffer.from("序列号,型号\nSNJUNK0001,AX-SA100\n"));
    expect(junk.status).toBe(400);
    expect(junk.body.error.code).toBe("VALIDATION_FAILED");
    expect(junk.body.error.message).toContain("不是有效的 Excel");
    // an empty row and a short row read as before: row numbers as the spreadsheet shows them
    const gaps = new ExcelJS.Workbook();
    const g = gaps.addWorksheet("设备");
    g.addRow(["序列号", "型号", "安装位置"]);
    g.getCell("A3").value = "SNGAP00001";
    g.getCell("B3").value = "AX-SA100";
    g.getCell("A4").value = "SNGAP00002";
    const read = await send(gaps);
    expect(read.body.rows.map((x) => [x.row, x.ok])).toEqual([
      [3, true],
      [4, false],
    ]);
    expect(read.body.rows[1]!.error).toBe("缺少型号");
    expect(read.body.imported).toBe(0);
  });

  it("refuses a serial that cannot be a printed one, row by row, in Chinese", async () => {
    const token = await t.loginStaff("manager_a");
    const r = await t.request<ImportResult>("POST", "/api/devices/import", {
      token,
      body: csv("序列号,型号\nSNSHORT0001,AX-SA100\nSN999,AX-SA100\nSN 2026 0001,AX-SA100\n"),
    });
    expect(r.body.imported).toBe(0);
    expect(r.body.rows.map((x) => x.ok)).toEqual([true, false, false]);
    expect(r.body.rows[1]!.error).toMatch(/^序列号“SN999”不对：太短/);
    expect(r.body.rows[2]!.error).toContain("字母、数字");
    expect(await t.api.db.prisma.device.count({ where: { serial: "SNSHORT0001" } })).toBe(0);
  });
});
