// Vite: nothing to configure for the package. Two pages (a multi-page build) so one build covers both
// entries; `base: "./"` only so the output can be served from any directory.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  logLevel: "warn",
  build: {
    outDir: process.env.OUT_DIR,
    emptyOutDir: true,
    rolldownOptions: { input: { index: "index.html", slim: "slim.html" } },
  },
});
