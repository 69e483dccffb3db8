/**
 * Sensitivity analysis on any model output (docs/sensitivity.md): sample a parameter space, run the
 * model wherever it lives, analyse its outputs.
 *
 *   const s = saltelliSample(space, 1024, { seed: 1 });        // s.rows = N(k + 2) rows × s.k
 *   const y = myModel(s.x, s.rows);                            // one output per row
 *   const r = sobolAnalyze(space, y, 1024, { bootstrap: 100 }); // r.S1, r.ST, r.S1Conf, r.STConf
 *
 *   const m = morrisSample(space, { trajectories: 20 });
 *   const e = morrisAnalyze(space, m.x, myModel(m.x, m.rows));  // e.muStar, e.sigma, e.mu
 */
export {
  type MorrisAnalyzeOptions,
  type MorrisResult,
  type MorrisSampleOptions,
  morrisAnalyze,
  morrisDelta,
  morrisSample,
} from './morris.ts';
export {
  checkSaltelliLayout,
  type Indices,
  type SaltelliOptions,
  type Sample,
  type SobolAnalyzeOptions,
  type SobolResult,
  saltelliSample,
  sobolAnalyze,
} from './saltelli.ts';
export { MAX_SOBOL_DIMENSION, sobolPoints } from './sobol-sequence.ts';
export { checkSpace, type Distribution, type ParameterSpace } from './space.ts';
export {
  type AnalyticIndices,
  ishigami,
  ishigamiFunction,
  sobolG,
  sobolGFunction,
  type TestFunction,
} from './test-functions.ts';
