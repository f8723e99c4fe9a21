/**
 * The exchange's price grid. Prices are integer tick indices; the tick is kept
 * beside them as an integer number of pips (1 pip = 0.0001 USDC per share, the
 * finest tick Polymarket uses), so every tick size — 0.1, 0.01, 0.005, 0.0025,
 * 0.001, 0.0001 — is exact.
 *
 * @module
 */

/** Pips in one USDC (a share pays at most 1 USDC). */
export const PIPS_PER_UNIT = 10_000;

/** Tick sizes Polymarket uses, in pips. */
export const TICK_SIZES_PIPS: readonly number[] = [1000, 100, 50, 25, 10, 1];

/** A price grid: `price = ticks / ticksPerUnit`, valid ticks `1 … ticksPerUnit − 1`. */
export interface TickGrid {
  /** Tick size in pips (0.01 → 100). */
  readonly tickPips: number;
  /** Ticks in one USDC (0.01 → 100). */
  readonly ticksPerUnit: number;
  /** Tick size as a float (0.01), for model math only. */
  readonly tick: number;
}

/** Thrown for a tick size the exchange does not use. */
export class TickSizeError extends Error {
  /**
   * The error for one rejected tick size.
   * @param value the rejected tick size
   */
  constructor(readonly value: number) {
    super(
      `unsupported tick size ${value}; expected one of ${
        TICK_SIZES_PIPS.map((p) => p / PIPS_PER_UNIT).join(", ")
      }`,
    );
    this.name = "TickSizeError";
  }
}

const GRIDS = new Map<number, TickGrid>(
  TICK_SIZES_PIPS.map((tickPips) => [tickPips, {
    tickPips,
    ticksPerUnit: PIPS_PER_UNIT / tickPips,
    tick: tickPips / PIPS_PER_UNIT,
  }]),
);

/** The grid for a tick size given in pips (100 for 0.01). */
export function gridFromPips(tickPips: number): TickGrid {
  const grid = GRIDS.get(tickPips);
  if (grid === undefined) throw new TickSizeError(tickPips / PIPS_PER_UNIT);
  return grid;
}

/** The grid for a tick size given as a number (0.01). */
export function gridFromTick(tick: number): TickGrid {
  return gridFromPips(Math.round(tick * PIPS_PER_UNIT));
}

// Tolerance in ticks for float prices that are meant to sit on the grid:
// 0.29 * 100 = 28.999999999999996 must snap to 29, not 28 (a defect of the
// original). 1e-9 of a tick is far below any meaningful price difference.
const SNAP_EPS = 1e-9;

/** Largest tick index whose price is ≤ `p` (a bid rounds down). */
export function snapDown(p: number, grid: TickGrid): number {
  return Math.floor(p * grid.ticksPerUnit + SNAP_EPS);
}

/** Smallest tick index whose price is ≥ `p` (an ask rounds up). */
export function snapUp(p: number, grid: TickGrid): number {
  return Math.ceil(p * grid.ticksPerUnit - SNAP_EPS);
}

/** Price (0…1) of a tick index, as a float for model math. */
export function ticksToPrice(ticks: number, grid: TickGrid): number {
  return ticks / grid.ticksPerUnit;
}

/** One tick expressed in logit units at price `p`: `tick / (p(1−p))`. */
export function tickInLogit(pYes: number, pNo: number, grid: TickGrid): number {
  return grid.tick / (pYes * pNo);
}
