import { describe, expect, it } from "vitest";
import { TicketSigner } from "./ticket.ts";

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
});
