/**
 * Simple slopes of two-stage interaction terms (docs/pls.md, "Moderation").
 *
 * For an interaction X×M with a path to Y, the structural equation in standardised scores is
 * Y = β_X·X + β_M·M + β_XM·(X·M) + ζ, so the slope of X at moderator value m (in standard deviations of
 * M) is β_X + β_XM·m. It is reported at m = −1, 0 and +1 SD, with the predicted Y at X = −2 … +2 SD for
 * plotting (ŷ = β_X·x + β_M·m + β_XM·x·m, the intercept of standardised scores being 0). This is the
 * convention of SmartPLS and Hair et al. (the interaction item is standardised in the second stage, so
 * its mean is not exactly x·m; the plot shows the slopes, not absolute levels). A main effect without a
 * path counts as 0.
 */
import type { PlsModel } from './model.ts';

export interface SimpleSlope {
  /** Moderator value in standard deviations: −1, 0 or +1. */
  m: number;
  /** β_X + β_XM·m. */
  slope: number;
}

export interface ModerationEffect {
  interaction: string;
  /** The independent variable (first construct of the interaction). */
  x: string;
  /** The moderator (second construct). */
  moderator: string;
  target: string;
  betaX: number;
  betaM: number;
  betaXM: number;
  slopes: SimpleSlope[];
  /** Points for a simple-slope plot: one line per moderator level. */
  points: { m: number; x: number; y: number }[];
}

export const SLOPE_LEVELS = [-1, 0, 1] as const;
export const PLOT_X = [-2, -1, 0, 1, 2] as const;

export function simpleSlopes(
  model: PlsModel,
  paths: readonly { from: string; to: string; estimate: number }[],
): ModerationEffect[] {
  const beta = (from: string, to: string) => paths.find((p) => p.from === from && p.to === to)?.estimate ?? 0;
  const out: ModerationEffect[] = [];
  for (const c of model.constructs) {
    if (c.kind !== 'interaction') continue;
    const [x, moderator] = c.of;
    for (const p of paths) {
      if (p.from !== c.name) continue;
      const betaX = beta(x, p.to);
      const betaM = beta(moderator, p.to);
      const betaXM = p.estimate;
      out.push({
        interaction: c.name,
        x,
        moderator,
        target: p.to,
        betaX,
        betaM,
        betaXM,
        slopes: SLOPE_LEVELS.map((m) => ({ m, slope: betaX + betaXM * m })),
        points: SLOPE_LEVELS.flatMap((m) =>
          PLOT_X.map((xv) => ({ m, x: xv, y: betaX * xv + betaM * m + betaXM * xv * m })),
        ),
      });
    }
  }
  return out;
}
