// The staff console's React app (issue 13 item 6): screens move here from the server-rendered pages one
// by one; see routes.ts for the ones that have.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { setKnownPaths } from "./lib/router.tsx";
import { screenAt } from "./routes.ts";

setKnownPaths((pathname) => screenAt(pathname) !== null);
const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
