/**
 * `deno task compile`: one `pm4` binary per target, each with the `live`
 * permission set of deno.json baked in, into `dist/pm4-<target>`, with
 * `dist/SHA256SUMS`. The commit is written into lib/cli/build_info.ts for
 * the build (and restored after) so `pm4 --version` names it.
 *
 *   deno task compile                  every target
 *   deno task compile --target linux-x64 [--target …]
 *   deno task compile --host --skip-offline    CI: this machine's target; when
 *       no runtime (denort) can be fetched and DENORT_BIN is unset, print a
 *       notice and succeed instead of failing
 *
 * `deno compile` downloads the runtime for each target from dl.deno.land
 * unless DENORT_BIN names a local one (for the host target).
 *
 * @module
 */

import { parseArgs } from "node:util";

/** Our target names → Deno's target triples. */
export const TARGETS: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-gnu",
  "linux-arm64": "aarch64-unknown-linux-gnu",
  "macos-x64": "x86_64-apple-darwin",
  "macos-arm64": "aarch64-apple-darwin",
  "windows-x64": "x86_64-pc-windows-msvc",
};

const BUILD_INFO = "lib/cli/build_info.ts";
const OFFLINE = /download|dl\.deno\.land|denort|dns|network|connect|certificate|timed? ?out/i;

function hostTarget(): string {
  const { os, arch } = Deno.build;
  const name = `${os === "darwin" ? "macos" : os}-${arch === "x86_64" ? "x64" : "arm64"}`;
  if (!TARGETS[name]) throw new Error(`no pm4 target for this machine (${os} ${arch})`);
  return name;
}

async function output(
  cmd: string,
  args: string[],
): Promise<{ ok: boolean; out: string; err: string }> {
  const o = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { ok: o.success, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", multiple: true },
      host: { type: "boolean" },
      "skip-offline": { type: "boolean" },
    },
    strict: true,
  });
  const names = values.host ? [hostTarget()] : values.target ?? Object.keys(TARGETS);
  for (const n of names) {
    if (!TARGETS[n]) {
      console.error(`compile: unknown target ${n} (one of ${Object.keys(TARGETS).join(", ")})`);
      return 2;
    }
  }
  const git = await output("git", ["rev-parse", "--short=12", "HEAD"]).catch(() => null);
  const commit = git?.ok ? git.out.trim() : "unknown";
  const original = await Deno.readTextFile(BUILD_INFO);
  await Deno.mkdir("dist", { recursive: true });
  const sums: string[] = [];
  try {
    await Deno.writeTextFile(
      BUILD_INFO,
      original.replace(/COMMIT: string = "[^"]*"/, `COMMIT: string = "${commit}"`),
    );
    for (const n of names) {
      const out = `dist/pm4-${n}${n.startsWith("windows") ? ".exe" : ""}`;
      const r = await output("deno", [
        "compile",
        "-P=live",
        "--include",
        "lib/scorecard/worker.ts",
        "--target",
        TARGETS[n],
        "--output",
        out,
        "main.ts",
      ]);
      if (!r.ok) {
        // the deepest cause deno names ("1: error sending request for url …")
        const why = /^\s*1: (.*)$/m.exec(r.err)?.[1] ?? /^error: (.*)$/m.exec(r.err)?.[1] ?? "";
        if (values["skip-offline"] && !Deno.env.get("DENORT_BIN") && OFFLINE.test(r.err)) {
          console.log(
            `compile: SKIPPED — the Deno runtime (denort) for ${TARGETS[n]} cannot be fetched ` +
              `here and DENORT_BIN is unset (${why.slice(0, 200)})`,
          );
          return 0;
        }
        console.error(`compile: ${n} failed:\n${r.err}`);
        return 1;
      }
      const size = (await Deno.stat(out)).size;
      const sum = await sha256(out);
      sums.push(`${sum}  ${out.slice("dist/".length)}`);
      console.log(`compile: ${out} ${(size / 1024 / 1024).toFixed(1)} MiB sha256 ${sum}`);
    }
  } finally {
    await Deno.writeTextFile(BUILD_INFO, original);
  }
  await Deno.writeTextFile("dist/SHA256SUMS", sums.join("\n") + "\n");
  return 0;
}

if (import.meta.main) Deno.exit(await main());
