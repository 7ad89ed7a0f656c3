// Prints notifications, for the demo: `npm start` shows the whole escalation chain in the terminal.
// Phone numbers are masked like every log line.
import { maskPhonesInText } from "../shared/mask.ts";
import type { Channel, Delivery, SendResult } from "./channel.ts";

export class ConsoleChannel implements Channel {
  readonly kind = "CONSOLE" as const;
  constructor(private readonly write: (line: string) => void = (l) => console.log(l)) {}

  async send(d: Delivery): Promise<SendResult> {
    const c = d.content;
    const where = c.room ? `${c.address} ${c.room}` : c.address;
    this.write(
      maskPhonesInText(`🔔 [${c.kindLabel}] ${where}${c.step ? ` · ${c.step}` : ""}${c.note ? ` · ${c.note}` : ""}`),
    );
    return { ok: true, response: "printed" };
  }

  /** A line outside the outbox (acknowledged, closed), printed the same way. */
  line(text: string): void {
    this.write(maskPhonesInText(text));
  }
}
