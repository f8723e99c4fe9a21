/**
 * Debian's Chromium for browser tests: found on the PATH, or installed with
 * apt-get when missing and this process may (root). Started headless with the
 * flags this machine needs (no sandbox, no GPU, no background networking).
 * Without Chromium and without root, browser tests skip with one line saying
 * how to install it.
 */

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function sh(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output()
    .catch(() => ({ code: 127, stdout: new Uint8Array(), stderr: new Uint8Array() }));
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout) + dec.decode(o.stderr) };
}

const BINS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/**
 * True when browser tests can run here: Chromium is installed, or this
 * process may install it (root with apt-get). Otherwise prints one line
 * naming `test` and how to install Chromium.
 */
export function chromiumAvailable(test: string): boolean {
  const has = (p: string) => {
    try {
      Deno.statSync(p);
      return true;
    } catch {
      return false;
    }
  };
  if (BINS.some(has) || (Deno.uid() === 0 && has("/usr/bin/apt-get"))) return true;
  console.log(
    `skip: ${test}: Chromium is not installed — install Debian's package as root ` +
      "(sudo apt-get install chromium) to run it",
  );
  return false;
}

/** The Chromium binary, installing Debian's package when it is missing. */
export async function chromium(): Promise<string> {
  for (const p of BINS) if (await exists(p)) return p;
  if (Deno.uid() === 0 && (await exists("/usr/bin/apt-get"))) {
    await sh("apt-get", ["update", "-qq"]);
    const r = await sh("apt-get", ["install", "-y", "-qq", "chromium"]);
    if (await exists("/usr/bin/chromium")) return "/usr/bin/chromium";
    throw new Error(`installing chromium failed:\n${r.out.slice(-2000)}`);
  }
  throw new Error(
    "chromium is missing: install Debian's chromium package (apt-get install chromium)",
  );
}

/** Runs headless Chromium on `url` with extra flags; returns stdout. */
export async function headless(url: string, flags: string[]): Promise<string> {
  const bin = await chromium();
  const profile = await Deno.makeTempDir();
  try {
    const o = await new Deno.Command(bin, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=5000",
        ...flags,
        url,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(o.stdout);
    if (o.code !== 0) {
      throw new Error(
        `chromium exited ${o.code}: ${new TextDecoder().decode(o.stderr).slice(-1500)}`,
      );
    }
    return out;
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
