// The carrier platforms' push receivers (transport/http/routes/carriers.routes.ts): what the query may carry.
// The bodies are the carriers' own formats, read as sent and bounded by the carrier core.
import { z } from "zod";

export const ctwingQuery = z.object({ token: z.string().max(256).optional() });

export const onenetCheckQuery = z.object({
  msg: z.string().max(256).optional(),
  nonce: z.string().max(64).optional(),
  signature: z.string().max(128).optional(),
});
