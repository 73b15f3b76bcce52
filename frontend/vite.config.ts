import { defineConfig } from "vitest/config";

// Two self-contained ES modules (Lit inlined, no imports left): the sidebar panel and the dashboard card.
// `vite build --mode panel` / `--mode card`; both land in the integration's frontend folder, which
// Home Assistant serves as /gem_access_static/.
const ENTRIES: Record<string, { entry: string; file: string }> = {
  panel: { entry: "src/panel.ts", file: "gem-access-panel.js" },
  card: { entry: "src/card.ts", file: "gem-access-log-card.js" },
};

export default defineConfig(({ mode }) => {
  const target = ENTRIES[mode] ?? ENTRIES.panel;
  return {
    build: {
      outDir: "../custom_components/gem_access/frontend",
      emptyOutDir: false,
      target: "es2021",
      minify: true,
      sourcemap: false,
      lib: {
        entry: target.entry,
        formats: ["es"],
        fileName: () => target.file,
      },
      rolldownOptions: { output: { codeSplitting: false, minify: true } },
    },
    test: {
      environment: "happy-dom",
      include: ["test/**/*.test.ts"],
    },
  };
});
