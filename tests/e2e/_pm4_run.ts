/**
 * `pm4 run` in a subprocess as an operator runs it: `main.ts` under the
 * `live` permission set from the checkout's root, with only the given
 * environment (plus NO_COLOR), its output collected as it arrives.
 *
 * @module
 */

/** The checkout's root, where `main.ts` and `deno.json` are. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** A running `pm4 run`. */
export interface Bot {
  /** The subprocess. */
  proc: Deno.ChildProcess;
  /** Output so far, stdout and stderr interleaved by arrival. */
  out: string[];
  /** Exit code and the whole of each stream, once it exits. */
  done: Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * `pm4 …args` to completion under the `set` permission set of deno.json,
 * from {@link ROOT}, with only `env` (plus NO_COLOR).
 */
export async function runPm4(
  set: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", `-P=${set}`, "main.ts", ...args],
    cwd: ROOT,
    env: { ...env, NO_COLOR: "1" },
    clearEnv: true,
  }).output();
  const dec = new TextDecoder();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

/** Spawns `pm4 run cfgPath …args` (paths relative to {@link ROOT}). */
export function spawnRun(env: Record<string, string>, cfgPath: string, args: string[]): Bot {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["run", "-P=live", "main.ts", "run", cfgPath, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { ...env, NO_COLOR: "1" },
    clearEnv: true,
  }).spawn();
  const out: string[] = [];
  const read = async (s: ReadableStream<Uint8Array>) => {
    let text = "";
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      out.push(chunk);
    }
    return text;
  };
  const done = Promise.all([read(proc.stdout), read(proc.stderr), proc.status]).then((
    [stdout, stderr, st],
  ) => ({ code: st.code, stdout, stderr }));
  return { proc, out, done };
}

/** Kills every bot still running (SIGKILL) and waits for each to exit: a test's cleanup. */
export async function killAll(bots: readonly Bot[]): Promise<void> {
  for (const b of bots) {
    try {
      b.proc.kill("SIGKILL");
    } catch { /* exited */ }
    await b.done;
  }
}
