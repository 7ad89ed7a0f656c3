import { describe, expect, it } from "vitest";
import { readShortCode, TicketSigner } from "./ticket.ts";

describe("TicketSigner", () => {
  const signer = new TicketSigner("k".repeat(32));

  it("verifies what it signed", () => {
    const t = signer.sign({ bookingId: "cmabc123", date: "2026-11-29" });
    expect(t).toMatch(/^AX1\.cmabc123\.2026-11-29\.[A-Za-z0-9_-]{43}$/);
    expect(signer.verify(t)).toEqual({ bookingId: "cmabc123", date: "2026-11-29" });
    expect(signer.verify(`  ${t}\n`)).toEqual({ bookingId: "cmabc123", date: "2026-11-29" });
  });

  it("refuses a ticket with another date, another booking, another key or a broken shape", () => {
    const t = signer.sign({ bookingId: "cmabc123", date: "2026-11-29" });
    expect(signer.verify(t.replace("2026-11-29", "2026-11-30"))).toBeNull();
    expect(signer.verify(t.replace("cmabc123", "cmabc124"))).toBeNull();
    expect(new TicketSigner("x".repeat(32)).verify(t)).toBeNull();
    for (const bad of ["", "AX1", "AX1.a.b", `AX2${t.slice(3)}`, `${t}.x`, t.slice(0, -1)])
      expect(signer.verify(bad)).toBeNull();
  });

  it("derives an 8-digit ticket number per booking and day, unguessable without the key", () => {
    const c = { bookingId: "cmabc123", date: "2026-11-29" };
    const code = signer.shortCode(c);
    expect(code).toMatch(/^\d{8}$/);
    expect(signer.shortCode(c)).toBe(code);
    expect(signer.shortCode({ ...c, date: "2026-11-30" })).not.toBe(code);
    expect(signer.shortCode({ ...c, bookingId: "cmabc124" })).not.toBe(code);
    expect(new TicketSigner("x".repeat(32)).shortCode(c)).not.toBe(code);
  });

  it("reads a typed ticket number with spaces or a dash, and nothing else", () => {
    expect(readShortCode("4821 0937")).toBe("48210937");
    expect(readShortCode(" 4821-0937 ")).toBe("48210937");
    expect(readShortCode("48210937")).toBe("48210937");
    for (const bad of ["4821 093", "4821 09377", "AX1.a.2026-11-29.x", "四八二一", ""])
      expect(readShortCode(bad)).toBeNull();
  });
});
