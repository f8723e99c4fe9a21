/**
 * Run under `deno run -P=live`: prints, as JSON, what the live permission set
 * grants — the probe of the "env reads and writes are scoped" claims.
 */

const out: Record<string, string> = {};
const attempt = async (name: string, f: () => unknown) => {
  try {
    await f();
    out[name] = "granted";
  } catch (e) {
    out[name] = e instanceof Deno.errors.NotCapable ? "denied" : `error: ${(e as Error).name}`;
  }
};
await attempt("env PK", () => Deno.env.get("PK"));
await attempt("env POLY_SIGNATURE_TYPE", () => Deno.env.get("POLY_SIGNATURE_TYPE"));
await attempt("env HOME", () => Deno.env.get("HOME"));
await attempt("env AWS_SECRET_ACCESS_KEY", () => Deno.env.get("AWS_SECRET_ACCESS_KEY"));
await attempt("env all", () => Deno.env.toObject());
await attempt("write ./data", async () => {
  await Deno.mkdir("./data", { recursive: true });
  await Deno.writeTextFile("./data/.probe", "x");
  await Deno.remove("./data/.probe");
});
await attempt("write ./lib", () => Deno.writeTextFile("./lib/.probe", "x"));
await attempt("write /tmp", () => Deno.writeTextFile("/tmp/.pm4-probe", "x"));
await attempt("run", () => new Deno.Command("/bin/sh", { args: ["-c", "true"] }).output());
for (const host of ["clob.polymarket.com:443", "127.0.0.1:8080", "example.com:443"]) {
  out[`net ${host}`] = Deno.permissions.querySync({ name: "net", host }).state;
}
console.log(JSON.stringify(out));
