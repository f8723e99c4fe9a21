/**
 * Dependencies point inward (STYLE.md): each layer imports only the layers
 * below it, and another layer only through its mod.ts.
 */

import assert from "node:assert/strict";

const LIB = new URL("../lib/", import.meta.url);

/** Layers each layer may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  config: ["model"],
  formats: ["config"],
  market: ["model"],
  engine: ["model", "market", "config", "formats"],
  exchange: ["model", "market", "engine", "config"],
  sim: ["model", "market", "config", "exchange"],
  backtest: ["model", "market", "engine", "config", "sim", "exchange", "formats"],
  report: ["model", "market", "engine", "config", "backtest", "formats"],
  portfolio: ["config"],
  runtime: ["model", "market", "engine", "config", "exchange", "backtest", "formats", "portfolio"],
  analyze: ["model", "market", "config", "exchange"],
  scorecard: ["model", "market", "engine", "config", "sim", "backtest", "report", "formats"],
  stats: ["model", "market", "config", "sim", "backtest", "runtime", "formats"],
  cli: [
    "model",
    "market",
    "engine",
    "config",
    "formats",
    "exchange",
    "runtime",
    "sim",
    "backtest",
    "report",
    "analyze",
    "scorecard",
    "stats",
    "portfolio",
  ],
};

/** npm packages each layer may import. */
const PACKAGES: Record<string, readonly string[]> = {
  model: [],
  market: [],
  engine: [],
  formats: [],
  config: ["zod"],
};

async function* files(dir: URL): AsyncGenerator<URL> {
  for await (const e of Deno.readDir(dir)) {
    const u = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
    if (e.isDirectory) yield* files(u);
    else if (e.name.endsWith(".ts")) yield u;
  }
}

Deno.test("layers import only inward, through mod.ts", async () => {
  const problems: string[] = [];
  for await (const file of files(LIB)) {
    const rel = file.pathname.slice(LIB.pathname.length);
    // lib/boot.ts is process-wide setup that main.ts evaluates first, not a layer
    if (rel === "boot.ts") continue;
    const layer = rel.split("/")[0];
    assert.ok(layer in ALLOWED, `unknown layer ${layer} (${rel}): add it to this test`);
    const text = await Deno.readTextFile(file);
    // `import … from "x"`, `export … from "x"`, side-effect `import "x"` and
    // dynamic `import("x")` all load x
    const specs = [
      ...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gms),
      ...text.matchAll(/^\s*import\s+"([^"]+)"/gm),
      ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
    ];
    for (const m of specs) {
      const spec = m[1];
      if (spec.startsWith("node:")) continue;
      if (!spec.startsWith(".")) {
        const pkg = spec.startsWith("@")
          ? spec.split("/").slice(0, 2).join("/")
          : spec.split("/")[0];
        const allowed = PACKAGES[layer];
        if (allowed && !allowed.includes(pkg)) problems.push(`${rel}: package ${spec}`);
        continue;
      }
      const target = new URL(spec, file);
      if (!target.pathname.startsWith(LIB.pathname)) {
        if (!(layer === "cli" && target.pathname.endsWith("/deno.json"))) {
          problems.push(`${rel}: imports outside lib: ${spec}`);
        }
        continue;
      }
      const trel = target.pathname.slice(LIB.pathname.length);
      // process-wide setup, evaluated first by each entry point (main.ts, a worker)
      if (trel === "boot.ts" && m[0].trim() === `import "${spec}"`) continue;
      const tlayer = trel.split("/")[0];
      if (tlayer === layer) continue;
      if (!ALLOWED[layer].includes(tlayer)) {
        problems.push(`${rel}: ${layer} must not import ${tlayer}`);
      } else if (trel !== `${tlayer}/mod.ts`) {
        problems.push(`${rel}: reach ${tlayer} through its mod.ts, not ${trel}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
