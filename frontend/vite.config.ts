import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Two ES modules: the sidebar panel and the dashboard card (Lit inlined). `vite build --mode panel` /
// `--mode card`; both land in the integration's frontend folder, which Home Assistant serves as
// /gem_access_static/. The panel's lazily imported parts (the Reports tab's chart library) become
// content-hashed files in its chunks/ folder, loaded relative to the panel's URL; the panel build
// empties that folder first so no stale chunk stays committed. A lazy chunk imports nothing of the
// panel (src/charts/ holds only library glue), so Lit stays in the panel file and no module is loaded
// twice under two URLs. The card stays one file.
const OUT_DIR = "../custom_components/gem_access/frontend";
const ENTRIES: Record<string, { entry: string; file: string }> = {
  panel: { entry: "src/panel.ts", file: "gem-access-panel.js" },
  card: { entry: "src/card.ts", file: "gem-access-log-card.js" },
};

export default defineConfig(({ mode }) => {
  const target = ENTRIES[mode] ?? ENTRIES.panel;
  const split = target === ENTRIES.panel;
  if (split && process.argv.includes("build")) {
    rmSync(resolve(import.meta.dirname, OUT_DIR, "chunks"), { recursive: true, force: true });
  }
  return {
    build: {
      outDir: OUT_DIR,
      emptyOutDir: false,
      target: "es2021",
      minify: true,
      sourcemap: false,
      lib: {
        entry: target.entry,
        formats: ["es"],
        fileName: () => target.file,
      },
      rolldownOptions: {
        output: split
          ? { chunkFileNames: "chunks/[name]-[hash].js", minify: true }
          : { codeSplitting: false, minify: true },
      },
    },
    test: {
      environment: "happy-dom",
      include: ["test/**/*.test.ts"],
      setupFiles: ["test/setup.ts"],
    },
  };
});
