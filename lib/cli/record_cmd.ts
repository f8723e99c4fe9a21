/**
 * `pm4 record CONFIG [--out FILE]`: the market WebSocket to JSONL.
 *
 * @module
 */

import { record, utcStamp } from "../runtime/mod.ts";
import { type Command, valued } from "./command.ts";
import { loadConfigFile } from "./config_cmd.ts";
import { checkHosts, marketHosts } from "./permissions.ts";
import { parseDuration } from "./duration.ts";
import { UsageError } from "./errors.ts";
import { EXIT_OK } from "./exit_codes.ts";
import { makeDir } from "./files.ts";
import { numberFlag } from "./flags.ts";
import { checkOutputPath } from "./permissions.ts";

/** `pm4 record`. */
export const recordCommand: Command = {
  name: "record",
  summary: "Record a market's WebSocket to JSONL (for backtests)",
  usage: "pm4 record CONFIG [--out FILE] [--duration D] [--rotate-mb N] [--rotate D]",
  description: [
    "Writes every market-channel frame of the config's market with its receive time, the",
    "public trades (data API) once a minute, and every connection change, one JSON line each;",
    "FILE ending in .gz is gzip-compressed. Reconnects by itself (a fresh book dump follows).",
    "Rotates to FILE with the segment's start time inserted (name.<UTC stamp>.jsonl[.gz]) after",
    "--rotate-mb of lines or --rotate of time. Stops at --duration or on SIGINT/SIGTERM, with",
    "everything received on disk. Default FILE: <data_dir>/recordings/<market>-<stamp>.jsonl.gz.",
    "pm4 backtest CONFIG --data FILE... replays the segments.",
  ].join("\n"),
  options: {
    out: valued("FILE", "first file (.jsonl or .jsonl.gz)"),
    duration: valued("D", "stop after this long (default: until Ctrl-C)"),
    "rotate-mb": valued("N", "new segment after N MB of lines (default 256)"),
    rotate: valued("D", "new segment after this long (default 1d)"),
  },
  async run(ctx, { values, positionals }) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError("missing CONFIG file", "record");
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`, "record");
    const cfg = await loadConfigFile(file, "record");
    checkHosts(marketHosts(cfg));
    const mb =
      numberFlag(values["rotate-mb"], { flag: "--rotate-mb", lo: 1, hi: 100_000 }, "record") ??
        256;
    const rotateMs = values.rotate === undefined
      ? 86_400_000
      : parseDuration(String(values.rotate), "--rotate", "record");
    const durationMs = values.duration === undefined
      ? undefined
      : parseDuration(String(values.duration), "--duration", "record");
    const dir = `${cfg.paths.data_dir.replace(/\/$/, "")}/recordings`;
    let path = values.out as string | undefined;
    if (!path) {
      await makeDir(dir, "paths.data_dir", "record");
      path = `${dir}/${cfg.market.condition_id.slice(2, 10)}-${utcStamp(ctx.now())}.jsonl.gz`;
    }
    if (!/\.jsonl(\.gz)?$/.test(path)) {
      throw new UsageError(`--out: expected a .jsonl or .jsonl.gz file, got ${path}`, "record");
    }
    if (values.out !== undefined) checkOutputPath(path, "--out", "record");
    ctx.io.out(`recording ${cfg.market.condition_id} to ${path} (Ctrl-C to stop)`);
    let totals;
    try {
      totals = await record({
        config: cfg,
        path,
        rotateBytes: mb * 1024 * 1024,
        rotateMs,
        tradesEveryMs: 60_000,
        signal: ctx.signal,
        durationMs,
        clock: ctx.now,
        onNotice: (l) => ctx.io.out(l),
        onProgress: (t) => {
          if (ctx.io.isTerminal) {
            ctx.io.live(
              `${t.frames} frames, ${(t.bytes / 1e6).toFixed(1)} MB, ${t.files.length} file(s)`,
            );
          }
        },
      });
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) throw e;
      if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
        throw new UsageError(`--out: cannot write ${path}: ${(e as Error).message}`, "record");
      }
      throw e;
    }
    if (ctx.io.isTerminal) ctx.io.live("");
    ctx.io.out(
      `recorded ${totals.frames} frames (${(totals.bytes / 1e6).toFixed(2)} MB of lines, ` +
        `${totals.reconnects} reconnects) to ${totals.files.join(", ")}`,
    );
    return EXIT_OK;
  },
};
