/**
 * `pm4 analyze <market>` and `pm4 init <market>`.
 *
 * @module
 */

import {
  type Analysis,
  analysisText,
  AnalyzeError,
  analyzeMarket,
  ChooseMarketError,
  type Hosts,
  initConfig,
  parseReference,
  POLYMARKET_HOSTS,
  resolveMarket,
  rewardedMarkets,
} from "../analyze/mod.ts";
import { type Marchetype, MARCHETYPES, parseConfig } from "../config/mod.ts";
import { type Command, type CommandContext, type OptionSpec, valued } from "./command.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { writeText } from "./files.ts";
import { numberFlag } from "./flags.ts";
import { checkOutputPath } from "./permissions.ts";
import { markdownTable } from "../formats/mod.ts";

const WS_URL = "wss://ws-subscriptions-clob.polymarket.com";

/** Flags both commands take. */
const COMMON: Record<string, OptionSpec> = {
  market: valued("SLUG|N", "which market of an event (its slug or its number in the list)"),
  yes: valued("OUTCOME", "for outcomes other than Yes/No: the one pm4 calls YES"),
  "gamma-url": valued("URL", `metadata host (default ${POLYMARKET_HOSTS.gamma})`),
  "clob-url": valued("URL", `CLOB host (default ${POLYMARKET_HOSTS.clob})`),
  "data-url": valued("URL", `data API host (default ${POLYMARKET_HOSTS.data})`),
};

function hostFlag(v: unknown, flag: string, def: string, command: string): string {
  if (v === undefined) return def;
  const s = String(v);
  if (!/^https?:\/\/[^/]+/.test(s)) {
    throw new UsageError(`${flag}: expected an http(s) URL, got ${JSON.stringify(s)}`, command);
  }
  return s.replace(/\/$/, "");
}

function hostsOf(values: Record<string, unknown>, command: string): Hosts {
  return {
    gamma: hostFlag(values["gamma-url"], "--gamma-url", POLYMARKET_HOSTS.gamma, command),
    clob: hostFlag(values["clob-url"], "--clob-url", POLYMARKET_HOSTS.clob, command),
    data: hostFlag(values["data-url"], "--data-url", POLYMARKET_HOSTS.data, command),
  };
}

const MISSING_MARKET = "missing the market: a polymarket.com URL, a slug or a condition id";

/** Resolves and analyses the market of the positional reference. */
async function analyzeFromArgs(
  ctx: CommandContext,
  values: Record<string, unknown>,
  positionals: string[],
  command: string,
): Promise<{ analysis: Analysis; hosts: Hosts }> {
  const [input, ...extra] = positionals;
  if (!input) throw new UsageError(MISSING_MARKET, command);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, command);
  const hosts = hostsOf(values, command);
  try {
    const ref = parseReference(input);
    const opts = {
      market: values.market as string | undefined,
      yesOutcome: values.yes as string | undefined,
    };
    let market;
    try {
      market = await resolveMarket(ref, hosts, opts);
    } catch (e) {
      if (!(e instanceof ChooseMarketError)) throw e;
      const list = e.choices.map((c, i) =>
        `  ${String(i + 1).padStart(2)}. ${c.slug}  ${c.question}`
      ).join("\n");
      const answer = ctx.ask?.(`${e.message.split(":")[0]}:\n${list}\nwhich one (number or slug)?`);
      if (!answer) {
        ctx.io.err(`${e.message}\n${list}`);
        throw new UsageError(`choose a market of ${e.eventSlug} with --market`, command);
      }
      market = await resolveMarket(ref, hosts, { ...opts, market: answer.trim() });
    }
    return { analysis: await analyzeMarket(market, hosts, ctx.now()), hosts };
  } catch (e) {
    if (e instanceof AnalyzeError) throw new UsageError(e.message, command);
    throw e;
  }
}

/**
 * Every market the references name, analysed: an event with several
 * markets gives all of them.
 */
async function analyzeAll(
  values: Record<string, unknown>,
  positionals: string[],
  nowMs: number,
): Promise<Analysis[]> {
  const rewarded = numberFlag(
    values.rewarded,
    { flag: "--rewarded", lo: 1, hi: 500, int: true },
    "analyze",
  );
  if (positionals.length === 0 && rewarded === undefined) {
    throw new UsageError(`${MISSING_MARKET} (or --rewarded N)`, "analyze");
  }
  const hosts = hostsOf(values, "analyze");
  const yesOutcome = values.yes as string | undefined;
  const out: Analysis[] = [];
  try {
    const refs = [...positionals];
    if (rewarded !== undefined) refs.push(...await rewardedMarkets(hosts, rewarded));
    for (const input of refs) {
      const ref = parseReference(input);
      let markets;
      try {
        markets = [await resolveMarket(ref, hosts, { yesOutcome })];
      } catch (e) {
        if (!(e instanceof ChooseMarketError)) throw e;
        markets = [];
        for (const c of e.choices) {
          markets.push(await resolveMarket(ref, hosts, { market: c.slug, yesOutcome }));
        }
      }
      // a market named twice (by slug, and among the rewarded) is ranked once
      for (const m of markets) {
        if (out.some((a) => a.market.conditionId === m.conditionId)) continue;
        out.push(await analyzeMarket(m, hosts, nowMs));
      }
    }
  } catch (e) {
    if (e instanceof AnalyzeError) throw new UsageError(e.message, "analyze");
    throw e;
  }
  return out;
}

/**
 * The order of `--rank`: by expected rewards and rebates per day per dollar
 * of the bankroll pm4 needs to rest the min incentive size now (its q_max
 * shrinks toward the resolution), markets without a program (or a book to
 * score) last.
 */
export function rankMarkets(analyses: readonly Analysis[]): Analysis[] {
  const key = (a: Analysis) => a.rewards.estimate?.perDollarDay ?? -1;
  return [...analyses].sort((a, b) => key(b) - key(a));
}

/** The ranked markets as a table, with what they cost in risk beside what they pay. */
export function rankTable(sorted: readonly Analysis[]): string {
  const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : "–");
  const rows = sorted.map((a, i) => {
    const e = a.rewards.estimate;
    return [
      String(i + 1),
      a.market.slug || a.market.conditionId.slice(0, 12),
      a.status,
      f(a.rewards.dailyPoolUsdc, 0),
      f(a.rewards.maxSpreadCents, 1),
      f(a.rewards.minSize, 0),
      e ? f(e.rewardsPerDay, 2) : "–",
      e ? f(e.rebatesPerDay, 2) : "–",
      e ? f(e.capitalUsdc, 0) : "–",
      e ? f(e.bankrollUsdc, 0) : "–",
      e ? f(e.perDollarDay * 100, 2) : "–",
      f(a.metrics.volLogitPerSqrtDay, 2),
      f(a.metrics.spreadTicks, 0),
      f(a.metrics.hoursToResolution / 24, 1),
    ];
  });
  return markdownTable(
    [
      "#",
      "market",
      "status",
      "pool $/day",
      "band ¢",
      "min sh",
      "rewards $/day",
      "rebates $/day",
      "orders $",
      "bankroll $",
      "% a day",
      "vol logit/√d",
      "spread ticks",
      "days left",
    ],
    rows,
    3,
  );
}

/** `pm4 analyze`. */
export const analyzeCommand: Command = {
  name: "analyze",
  summary: "Analyse a market and suggest a marchetype; rank markets by what their rewards pay",
  usage:
    "pm4 analyze <polymarket URL | event or market slug | condition id> [--json] [--market M] | " +
    "pm4 analyze --rank [REF...] [--rewarded N] [--json]",
  description: [
    "Resolves the market through Gamma (an event with several markets lists them; tokens are",
    "mapped to Yes/No through outcomes, never by position), reads the book, tick and minimum",
    "size, a week of prices, recent public trades, fees and liquidity rewards, and prints:",
    "spread and depth, volume, distinct traders, realized volatility in logit units, time to",
    "resolution, the reward program and what pm4's reward quotes would earn from the book now,",
    "a status (VIABLE / MARGINAL / LIMITED / NO_DATA) with its reasons, and a marchetype",
    "suggestion (a1–e3) with the evidence.",
    "--rank analyses every market named (an event: all of its markets; --rewarded N adds the N",
    "markets with the richest reward pools now, from the CLOB's current reward list) and ranks",
    "them by expected liquidity rewards + maker rebates a day per dollar of the bankroll pm4",
    "needs to rest the min incentive size now (q_max shrinks toward the resolution), beside",
    "their volatility, spread and time to resolution (docs/analysis.md).",
  ].join("\n"),
  options: {
    ...COMMON,
    json: { type: "boolean", help: "print the analysis (with --rank: the ranked list) as JSON" },
    rank: { type: "boolean", help: "rank the markets named by rewards + rebates per $ a day" },
    rewarded: valued("N", "with --rank: also the N markets with the richest reward pools now"),
  },
  async run(ctx, { values, positionals }) {
    if (values.rewarded !== undefined && !values.rank) {
      throw new UsageError("--rewarded: only with --rank", "analyze");
    }
    if (values.rank) {
      const ranked = rankMarkets(await analyzeAll(values, positionals, ctx.now()));
      ctx.io.out(values.json ? JSON.stringify(ranked, null, 2) : rankTable(ranked));
      return EXIT_OK;
    }
    const { analysis } = await analyzeFromArgs(ctx, values, positionals, "analyze");
    ctx.io.out(values.json ? JSON.stringify(analysis, null, 2) : analysisText(analysis));
    return EXIT_OK;
  },
};

/** `pm4 init`. */
export const initCommand: Command = {
  name: "init",
  summary: "Write a config for a market",
  usage:
    "pm4 init <polymarket URL | slug | condition id> [--bankroll B] [--marchetype X] [--out FILE]",
  description: [
    "Analyses the market like pm4 analyze, then writes a complete config that passes",
    "pm4 config validate: the market section from the exchange (condition id, Yes/No tokens by",
    "outcome, start and resolution times, hosts), the marchetype's presets (the suggestion unless",
    "--marchetype), and the bankroll. Refuses to overwrite a file without --force.",
  ].join("\n"),
  options: {
    ...COMMON,
    bankroll: valued("USDC", "bankroll for this market (default 100)"),
    marchetype: valued("X", `override the suggestion: ${MARCHETYPES.join(", ")}`),
    out: valued("FILE", "where to write (default pm4-<slug>.json)"),
    resolves: valued("TIME", "resolution time (ISO 8601) when the metadata has none"),
    "ws-url": valued("URL", `WebSocket host (default ${WS_URL})`),
    force: { type: "boolean", help: "overwrite --out" },
  },
  async run(ctx, { values, positionals }) {
    const bankroll = numberFlag(values.bankroll, { flag: "--bankroll", lo: 1, hi: 1e9 }, "init") ??
      100;
    const mt = values.marchetype as string | undefined;
    if (mt !== undefined && !MARCHETYPES.includes(mt as Marchetype)) {
      throw new UsageError(
        `--marchetype: expected one of ${MARCHETYPES.join(", ")}, got ${JSON.stringify(mt)}`,
        "init",
      );
    }
    let resolveMs: number | undefined;
    if (values.resolves !== undefined) {
      resolveMs = Date.parse(String(values.resolves));
      if (Number.isNaN(resolveMs)) {
        throw new UsageError(
          `--resolves: expected an ISO 8601 time, got ${JSON.stringify(values.resolves)}`,
          "init",
        );
      }
    }
    const wsUrl = String(values["ws-url"] ?? WS_URL).replace(/\/$/, "");
    if (!/^wss?:\/\/[^/]+/.test(wsUrl)) {
      throw new UsageError(`--ws-url: expected a ws(s) URL, got ${JSON.stringify(wsUrl)}`, "init");
    }
    if (values.out !== undefined) checkOutputPath(String(values.out), "--out", "init");
    const { analysis, hosts } = await analyzeFromArgs(ctx, values, positionals, "init");
    let doc: Record<string, unknown>;
    try {
      doc = initConfig(analysis, {
        bankrollUsdc: bankroll,
        marchetype: mt as Marchetype | undefined,
        resolveMs,
        hosts,
        wsUrl,
      });
    } catch (e) {
      throw new UsageError((e as Error).message, "init");
    }
    parseConfig(doc); // what we write must validate: a ConfigError here is a bug, not a user error
    const out = (values.out as string | undefined) ??
      `pm4-${analysis.market.slug || analysis.market.conditionId.slice(2, 10)}.json`;
    if (!values.force) {
      try {
        await Deno.lstat(out);
        throw new UsageError(`--out: ${out} exists (use --force to overwrite)`, "init");
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
    await writeText(out, JSON.stringify(doc, null, 2) + "\n", "--out", "init");
    ctx.io.out(analysisText(analysis));
    ctx.io.out(
      `\nwrote ${out} (marchetype ${
        doc.market && (doc.market as Record<string, unknown>).marchetype
      }, ` +
        `bankroll ${bankroll} USDC). Check it with: pm4 config validate ${out}`,
    );
    return EXIT_OK;
  },
};
