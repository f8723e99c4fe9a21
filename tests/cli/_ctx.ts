/** A CommandContext with captured output, a fixed clock and a fake environment. */

import { CapturedIo, type CommandContext } from "../../lib/cli/mod.ts";

export function testContext(
  env: Record<string, string> = {},
  nowMs = 1_800_000_000_000,
): { ctx: CommandContext; io: CapturedIo } {
  const io = new CapturedIo();
  return {
    io,
    ctx: { io, now: () => nowMs, env: (k) => env[k], signal: new AbortController().signal },
  };
}
