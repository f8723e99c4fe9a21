/**
 * `pm4 portfolio CONFIG [resume]`: the fleet as its shared ledger sees it —
 * every live instance and its market, state, lease, exposure and P&L today,
 * the caps in use and the day's halt — and the explicit resume of a halted
 * day. CONFIG is any instance's config (its `portfolio` section names the
 * ledger).
 *
 * @module
 */

import { markdownTable } from "../formats/mod.ts";
import { type FleetSnapshot, ledgerWhere, openLedger } from "../portfolio/mod.ts";
import { checkHosts, ledgerHosts } from "./permissions.ts";
import { type Command } from "./command.ts";
import { loadConfigFile } from "./config_cmd.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";

const usdc = (micro: number) => (micro / 1e6).toFixed(2);
const ago = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The human view of a fleet snapshot at `nowMs`, with the caps of the config. */
export function fleetLines(
  s: FleetSnapshot,
  nowMs: number,
  caps: { capital: number; event: number; category: number; dailyLoss: number },
): string[] {
  const held = s.leases.reduce((a, l) => a + l.grantedMicro, 0);
  const exposed = s.leases.reduce((a, l) => a + l.exposureMicro, 0);
  const out = [
    `day ${s.day} (UTC): ${s.leases.length} live instance(s); leased ${usdc(held)} of ` +
    `${caps.capital.toFixed(2)} USDC, deployed ${usdc(exposed)}; P&L today ${usdc(s.dayPnlMicro)}` +
    (caps.dailyLoss > 0 ? ` (limit −${caps.dailyLoss.toFixed(2)})` : ""),
    s.halt
      ? `HALTED since ${new Date(s.halt.atMs).toISOString()}: ${s.halt.reason} — ` +
        "`pm4 portfolio CONFIG resume` lifts it"
      : "not halted",
  ];
  if (caps.event > 0 || caps.category > 0) {
    out.push(
      `caps: ${caps.event > 0 ? `per event ${caps.event.toFixed(2)}` : ""}` +
        `${caps.event > 0 && caps.category > 0 ? ", " : ""}` +
        `${caps.category > 0 ? `per category ${caps.category.toFixed(2)}` : ""} USDC`,
    );
  }
  if (s.leases.length > 0) {
    out.push(markdownTable(
      [
        "market",
        "event",
        "state",
        "pid@host",
        "want",
        "leased",
        "limit",
        "deployed",
        "P&L today",
        "renewed",
        "expires in",
      ],
      s.leases.map((l) => [
        l.label,
        l.event || "—",
        l.state,
        `${l.pid}@${l.host || "?"}`,
        usdc(l.wantMicro),
        usdc(l.grantedMicro),
        usdc(l.targetMicro),
        usdc(l.exposureMicro),
        usdc(s.pnlByMarket[l.label] ?? 0),
        ago(nowMs - l.renewedMs) + " ago",
        ago(l.expiresMs - nowMs),
      ]),
      4,
    ));
  }
  const gone = Object.entries(s.pnlByMarket).filter(([k]) => !s.leases.some((l) => l.label === k));
  if (gone.length > 0) {
    out.push(`finished today: ${gone.map(([k, v]) => `${k} ${usdc(v)}`).join(", ")}`);
  }
  return out;
}

/** `pm4 portfolio`. */
export const portfolioCommand: Command = {
  name: "portfolio",
  summary: "The fleet on one wallet: instances, leases, exposure, P&L today; resume a halt",
  usage: "pm4 portfolio CONFIG [resume] [--json]",
  description: [
    "Reads the shared ledger named by CONFIG's portfolio section (any instance's config): every",
    "live instance with its market, event, state, process, the capital it asked for, leased and",
    "deployed, its P&L today and its lease's age; the fleet's P&L today against the daily loss",
    "limit, and the halt if the fleet is halted. `resume` lifts today's halt: new runs start again",
    "and the limit counts from the fleet's P&L now. Exit 0; 2 without a ledger.",
  ].join("\n"),
  options: {
    json: { type: "boolean", help: "the snapshot as JSON (amounts in micro-USDC)" },
  },
  async run(ctx, { values, positionals }) {
    const [file, action, ...extra] = positionals;
    if (!file) throw new UsageError("missing CONFIG", "portfolio");
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "portfolio");
    if (action !== undefined && action !== "resume") {
      throw new UsageError(`unknown action ${JSON.stringify(action)}; use resume`, "portfolio");
    }
    const cfg = await loadConfigFile(file, "portfolio");
    const p = cfg.portfolio;
    if (p.ledger === "none") {
      throw new UsageError(
        `${file}: portfolio.ledger is "none" — no fleet ledger to read (set sqlite or postgres)`,
        "portfolio",
      );
    }
    checkHosts(ledgerHosts(cfg));
    const ledger = await openLedger(cfg, ctx.env);
    if (!ledger) throw new UsageError("no ledger", "portfolio");
    try {
      if (action === "resume") {
        const lifted = await ledger.resume(ctx.now());
        ctx.io.out(
          lifted
            ? `resumed: today's halt (${lifted.reason}) is lifted; the daily limit counts from now`
            : `not halted today (ledger ${ledgerWhere(cfg)})`,
        );
        return EXIT_OK;
      }
      const snap = await ledger.snapshot(ctx.now());
      if (values.json) {
        ctx.io.out(JSON.stringify({ ledger: ledgerWhere(cfg), ...snap }, null, 2));
        return EXIT_OK;
      }
      ctx.io.out(`ledger ${ledgerWhere(cfg)} (${p.ledger})`);
      for (
        const l of fleetLines(snap, ctx.now(), {
          capital: p.capital_usdc,
          event: p.event_cap_usdc,
          category: p.category_cap_usdc,
          dailyLoss: p.daily_loss_usdc,
        })
      ) ctx.io.out(l);
      return EXIT_OK;
    } finally {
      await ledger.close();
    }
  },
};
