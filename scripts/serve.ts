// `npm run serve`: the API alone, as deployed (compiled to dist/serve.js by scripts/build.ts). The same as
// `node --import tsx scripts/app.ts`, which tests and development use.
import { configOrExit, handleSignals, startApi } from "./app.ts";

const api = await startApi({ config: configOrExit(), warmConsole: true });
handleSignals(() => api.close());
