// Who is signed in, and where they may go: /console/session.json (the server's one list of pages per role).
import { currentSession } from "../client/api.ts";

export interface AppSession {
  role: string;
  name: string;
  roleLabel: string;
  home: string | null;
  nav: { key: string; label: string }[];
}

export const loadSession = (): Promise<AppSession> => currentSession() as Promise<AppSession>;
