/**
 * `deno lint` plugin that keeps the core pure: code under `lib/model`,
 * `lib/market`, `lib/engine`, `lib/backtest`, `lib/report` and `lib/formats` must get time from an injected clock,
 * randomness from a seeded generator, and do no I/O. Live, paper, simulator and
 * backtest run the same engine only if the engine cannot reach the outside.
 */

const CORE_DIR = /\/lib\/(model|market|engine|backtest|report|formats)\//;

/** Globals whose mere use in the core is I/O or hidden state. */
const BANNED_GLOBALS: Record<string, string> = {
  Deno: "the Deno namespace is I/O; pass data in through an adapter",
  console: "print from the CLI layer; the core journals typed events",
  fetch: "network access belongs to an adapter",
  setTimeout: "timers belong to the adapter that drives the engine",
  setInterval: "timers belong to the adapter that drives the engine",
  performance: "use the injected clock",
};

const plugin: Deno.lint.Plugin = {
  name: "pmfour",
  rules: {
    "core-purity": {
      create(context) {
        const file = context.filename.replaceAll("\\", "/");
        if (!CORE_DIR.test(file)) return {};
        return {
          MemberExpression(node) {
            if (node.object.type !== "Identifier" || node.property.type !== "Identifier") return;
            const target = `${node.object.name}.${node.property.name}`;
            if (target === "Date.now") {
              context.report({ node, message: "Date.now() in the core: use the injected clock" });
            } else if (target === "Math.random") {
              context.report({
                node,
                message: "Math.random() in the core: pass a seeded generator",
              });
            }
          },
          NewExpression(node) {
            if (
              node.callee.type === "Identifier" && node.callee.name === "Date" &&
              node.arguments.length === 0
            ) {
              context.report({ node, message: "new Date() in the core: use the injected clock" });
            }
          },
          Identifier(node) {
            if (!Object.hasOwn(BANNED_GLOBALS, node.name)) return;
            const why = BANNED_GLOBALS[node.name];
            const parent = node.parent;
            // A property name (`x.console`) or an object key is not the global.
            if (
              parent.type === "MemberExpression" && parent.property === node && !parent.computed
            ) {
              return;
            }
            if (parent.type === "Property" && parent.key === node) return;
            context.report({ node, message: `${node.name} in the core: ${why}` });
          },
        };
      },
    },
  },
};

export default plugin;
