/**
 * Marchetype presets (pm4-model.md §4). Applied before the user's keys: any
 * key the user sets wins.
 *
 * @module
 */

import type { Marchetype } from "./schema.ts";

/** Keys a preset sets, per section (the structural-risk keys of `risk`). */
export interface Preset {
  /** Keys of the `risk` section. */
  risk: Record<string, number>;
}

/**
 * The presets. λ parameters from pm4-model.md §4: anytime markets (a*) keep
 * ambiguity high further from 0.5 (jumps can come any time), the e2 crowd
 * (elections, CPI) is decisive, e3's observable underlying lets ambiguity
 * collapse fast; a3 barriers keep A ≥ 0.3.
 *
 * No preset sets the half-spread's risk term any more: its constant `c_risk`
 * is one for every type, and the part that differs between a slow and a fast
 * market is measured (the variance of logit(p) over `risk_horizon_s`,
 * docs/model.md §6), not assumed from the type.
 */
export const PRESETS: Readonly<Record<Marchetype, Preset>> = {
  a1: { risk: { beta_p: 0.55, alpha_U: 0.8, U_ref: 200 } },
  a2: { risk: { beta_p: 0.85, alpha_U: 1.1, U_ref: 100 } },
  a3: { risk: { beta_p: 0.5, alpha_U: 0.8, U_ref: 30, A_floor: 0.3 } },
  e1: { risk: { beta_p: 0.45, alpha_U: 0.8, U_ref: 400 } },
  e2: { risk: { beta_p: 1.0, alpha_U: 1.5, U_ref: 50 } },
  e3: { risk: { beta_p: 1.5, alpha_U: 0.8, U_ref: 20 } },
};
