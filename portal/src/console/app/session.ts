// Who is signed in, and where they may go: /console/session.json (the server's one list of pages per role).
import { createContext, useContext } from "react";
import type { ConsoleSession } from "@anxin/contract/console";
import { currentSession } from "../client/api.ts";

export type AppSession = ConsoleSession;

export const loadSession = (): Promise<AppSession> => currentSession();

export const SessionContext = createContext<AppSession | null>(null);

/** The signed-in staff member; screens render only inside the app's frame, where there always is one. */
export function useSession(): AppSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside the console app");
  return s;
}
