/**
 * The calibration file (model §8): saved atomically (write, then rename),
 * read back only when it is well formed, for the same market, and of the
 * current version — otherwise it is ignored, never half-trusted.
 *
 * @module
 */

import type { CalibrationSnapshot } from "../engine/mod.ts";

/** Reads a calibration file; null when absent or unusable (with why). */
export async function loadCalibration(
  path: string,
  conditionId: string,
): Promise<{ snapshot: CalibrationSnapshot | null; note: string }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { snapshot: null, note: "no saved calibration" };
    throw e;
  }
  try {
    const s = JSON.parse(text) as CalibrationSnapshot;
    if (s.version !== 1) {
      return { snapshot: null, note: `calibration version ${s.version} not understood` };
    }
    if (s.conditionId !== conditionId) {
      return { snapshot: null, note: "calibration of another market" };
    }
    if (
      typeof s.savedMs !== "number" || typeof s.toxicity?.sigma !== "number" ||
      typeof s.kappaBid?.count !== "number"
    ) {
      return { snapshot: null, note: "calibration file is incomplete" };
    }
    return { snapshot: s, note: "calibration loaded" };
  } catch {
    return { snapshot: null, note: "calibration file is not valid JSON" };
  }
}

/** Writes a calibration file atomically. */
export async function saveCalibration(path: string, s: CalibrationSnapshot): Promise<void> {
  const tmp = `${path}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(s));
  await Deno.rename(tmp, path);
}
