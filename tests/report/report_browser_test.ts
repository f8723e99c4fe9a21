/**
 * The HTML report in a real browser: headless Chromium loads it from a file
 * (no network), runs its inline script, and every chart must have drawn data.
 * One screenshot is kept as a test artifact: .artifacts/report.png.
 */

import assert from "node:assert/strict";
import { CHARTS, renderReport } from "../../lib/report/mod.ts";
import { simBacktest } from "../backtest/_sim.ts";
import { chromiumAvailable, headless } from "./_chromium.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const NAME = "report: headless Chromium draws every chart with data; a screenshot is kept";
Deno.test({ name: NAME, ignore: !chromiumAvailable(NAME) }, async () => {
  const result = simBacktest();
  assert.ok(result.summary.fills > 0);
  const dir = await Deno.makeTempDir();
  try {
    const html = renderReport(result, "simulated e2 backtest");
    assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(html), "nothing is loaded from the network");
    const file = `${dir}/report.html`;
    await Deno.writeTextFile(file, html);
    const dom = await headless(`file://${file}`, ["--dump-dom"]);
    assert.match(dom, /<body data-charts-done="1">/, "the inline script ran to the end");
    for (const c of CHARTS) {
      const m = new RegExp(`id="chart-${c.id}"[^>]*data-drawn="(\\d+)"`).exec(dom);
      assert.ok(m, `chart ${c.id} was not drawn`);
      assert.ok(Number(m[1]) > 0, `chart ${c.id} drew no data`);
    }
    // the price chart shows our fills
    assert.ok((dom.match(/class="fill"/g) ?? []).length >= Math.min(result.summary.fills, 1));
    await Deno.mkdir(`${ROOT}.artifacts`, { recursive: true });
    const shot = `${ROOT}.artifacts/report.png`;
    await headless(`file://${file}`, [
      `--screenshot=${shot}`,
      "--window-size=1100,2900",
      "--hide-scrollbars",
    ]);
    const png = await Deno.readFile(shot);
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG");
    assert.ok(png.byteLength > 20_000, "a real picture, not a blank page");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
