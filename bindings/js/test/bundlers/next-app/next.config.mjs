// Nothing here is for tinybird-tokens. The app sits in target/js-bundlers/next-app with its
// node_modules one level up: both roots point there so Next does not pick another lock file's directory.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export default {
  outputFileTracingRoot: root,
  turbopack: { root },
};
