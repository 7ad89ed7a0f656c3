// The sheet reader against parts written by hand the way other producers write them: a namespace prefix,
// inline strings, phonetic runs, cells without references, booleans, errors, dates, and text long enough
// that it is parsed in several slices with characters outside the BMP (CJK Extension B, found in real
// names) on every row.
import { describe, expect, it } from "vitest";
import { openXlsx, SLICE_CHARS, XlsxFormatError } from "./xlsx-reader.ts";

const NS = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function workbook(sheetXml: string, extra: Record<string, string> = {}): Map<string, Buffer> {
  const parts: Record<string, string> = {
    "_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/book.xml"/></Relationships>`,
    "xl/book.xml": `<?xml version="1.0"?><x:workbook ${NS} ${REL}><x:workbookPr date1904="0"/><x:sheets><x:sheet name="说明" sheetId="2" state="hidden" rel:id="s2"/><x:sheet name="住户" sheetId="1" rel:id="s1"/></x:sheets></x:workbook>`,
    "xl/_rels/book.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/data.xml"/><Relationship Id="s2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./sheets/../sheets/help.xml"/><Relationship Id="ss" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/><Relationship Id="st" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    "xl/strings.xml": `<?xml version="1.0"?><x:sst ${NS}><x:si><x:t>幸福小区</x:t></x:si><x:si><x:r><x:t>1号</x:t></x:r><x:r><x:t xml:space="preserve">楼 </x:t></x:r><x:rPh sb="0" eb="1"><x:t>xingfu</x:t></x:rPh></x:si></x:sst>`,
    "xl/styles.xml": `<?xml version="1.0"?><x:styleSheet ${NS}><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="14"/><x:xf numFmtId="164"/></x:cellXfs></x:styleSheet>`,
    "xl/sheets/help.xml": `<x:worksheet ${NS}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>说明</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
    "xl/sheets/data.xml": sheetXml,
    ...extra,
  };
  return new Map(Object.entries(parts).map(([k, v]) => [k, Buffer.from(v, "utf8")]));
}

async function allRows(entries: Map<string, Buffer>, sheet = "住户") {
  const s = openXlsx(entries, 60).find((x) => x.name === sheet)!;
  const out = [];
  for await (const batch of s.rows()) out.push(...batch);
  return out;
}

describe("the xlsx sheet reader", () => {
  it("reads what other producers write", async () => {
    const sheet = `<x:worksheet ${NS}><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>
      <x:row><x:c t="inlineStr"><x:is><x:t>青石</x:t><x:rPh><x:t>qingshi</x:t></x:rPh></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>
      <x:row r="5"><x:c r="B5" s="1"><x:v>43617</x:v></x:c><x:c r="C5" s="2"><x:v>43617.5</x:v></x:c><x:c r="D5"><x:v>17</x:v></x:c><x:c r="E5" t="str"><x:f>A1</x:f><x:v>幸福小区</x:v></x:c><x:c r="ZZ5"><x:v>1</x:v></x:c></x:row>
      <x:row r="6"/>
    </x:sheetData></x:worksheet>`;
    const s = openXlsx(workbook(sheet), 60);
    expect(s.map((x) => [x.name, x.hidden])).toEqual([
      ["说明", true],
      ["住户", false],
    ]);
    const rows = await allRows(workbook(sheet));
    expect(rows.map((r) => r.number)).toEqual([1, 2, 5, 6]);
    expect(rows[0]!.values[1]).toBe("幸福小区");
    expect(rows[0]!.values[3]).toBe("1号楼 "); // runs joined, the phonetic reading left out
    expect(rows[1]!.values.slice(1)).toEqual(["青石", true, { error: "#N/A" }]);
    expect(rows[2]!.values[2]).toEqual(new Date(Date.UTC(2019, 5, 1))); // 43617 is 2019-06-01
    expect(rows[2]!.values[3]).toEqual(new Date(Date.UTC(2019, 5, 1, 12)));
    expect(rows[2]!.values[4]).toBe(17);
    expect(rows[2]!.values[5]).toBe("幸福小区");
    expect(rows[2]!.values[702]).toBeUndefined(); // column ZZ is beyond the 60 read
    expect(rows[3]!.values).toEqual([]);
  });

  it("keeps every character whole across the slices a long sheet is parsed in", async () => {
    const names = Array.from({ length: 8000 }, (_, i) => `𠀀${"张王李赵".repeat(10)}${i}𪚥`);
    const rowXml = (n: string, i: number) =>
      `<x:row r="${i + 2}"><x:c r="A${i + 2}" t="inlineStr"><x:is><x:t>${n}</x:t></x:is></x:c></x:row>`;
    const head = `<x:worksheet ${NS}><x:sheetData>`;
    // whitespace before the first row puts its 𠀀 (a surrogate pair) exactly across the first slice's end
    const open = rowXml(names[0]!, 0).indexOf("𠀀");
    const pad = " ".repeat(SLICE_CHARS - 1 - head.length - open);
    const sheet = `${head}${pad}${names.map(rowXml).join("")}</x:sheetData></x:worksheet>`;
    expect(sheet.charCodeAt(SLICE_CHARS - 1)).toBe("𠀀".charCodeAt(0)); // the high surrogate ends the slice
    expect(sheet.length).toBeGreaterThan(3 * SLICE_CHARS);
    const rows = await allRows(workbook(sheet));
    expect(rows.map((r) => r.values[1])).toEqual(names);
  });

  it("says a broken part is not a workbook", async () => {
    expect(() => openXlsx(workbook("", { "xl/book.xml": "<x:workbook" }), 60)).toThrow(XlsxFormatError);
    const broken = workbook(`<x:worksheet ${NS}><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:row>`);
    await expect(allRows(broken)).rejects.toBeInstanceOf(XlsxFormatError);
    expect(() => openXlsx(new Map(), 60)).toThrow(XlsxFormatError);
  });
});
