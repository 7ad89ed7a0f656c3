// `npm run serve`: the API alone, as deployed (compiled to dist/serve.js by scripts/build.ts). The same as
// `node --import tsx api/src/main.ts`, which tests and development use.
import { configOrExit, handleSignals, startApi } from "../api/src/main.ts";

const api = await startApi({ config: configOrExit() });
handleSignals(() => api.close());
