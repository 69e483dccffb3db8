/**
 * The survey as evidence for `climb diagnose` (issue 5 item 8): a workspace's `survey: { data, model?,
 * codebook? }` is read and analysed here, in I/O code, and the compact result is passed to the pure
 * diagnose() through its options (as the network is).
 */
import { dirname, relative, resolve } from 'node:path';
import type { Knowledge } from '../../domain/knowledge-base.ts';
import type { GovernanceOutcome } from '../../domain/vocabulary.ts';
import type { Workspace } from '../../domain/workspace.ts';
import { HS_CONSTRUCTS, readSurveyInputs, type SurveyInputs, surveyGovernance } from './analyze.ts';
import { constructScores, type GumProfile, gumProfile } from './profile.ts';
import { compareMeans } from './stats.ts';

export interface SurveyEvidence {
  /** The data file as given in the workspace. */
  file: string;
  rows: number;
  used: number;
  scale: { min: number; max: number };
  profile: GumProfile;
  /** Governance of the firms' main buyer relationships (null without the GHS columns). */
  governance: { classified: number; shares: Record<GovernanceOutcome, number>; captiveShare: number } | null;
  /** Captive vs non-captive outcome means (1–7 scale), Welch's test; null when a group has < 2 firms. */
  humphreySchmitz:
    | {
        construct: string;
        captiveMean: number;
        otherMean: number;
        nCaptive: number;
        nOther: number;
        difference: number;
        pWelch: number;
      }[]
    | null;
}

/** The evidence from survey inputs already read and screened (pure apart from what `inputs` holds). */
export function surveyEvidence(file: string, inputs: SurveyInputs, kb: Knowledge, seed = 42): SurveyEvidence {
  const { screened, model, scale } = inputs;
  const profile = gumProfile(screened.prepared, model, { scale, resamples: 1000, seed });
  const g = surveyGovernance(screened, kb);
  const scores = constructScores(screened.prepared, model);
  const hs = HS_CONSTRUCTS.filter((c) => scores[c]).map((c) => {
    const s = scores[c] as Float64Array;
    const a: number[] = [];
    const b: number[] = [];
    g.firms.forEach((f, i) => {
      if (f.type === 'captive') a.push(s[i] as number);
      else if (f.type !== null) b.push(s[i] as number);
    });
    const r = compareMeans(a, b);
    return {
      construct: c,
      captiveMean: r.meanA,
      otherMean: r.meanB,
      nCaptive: r.nA,
      nOther: r.nB,
      difference: r.difference,
      pWelch: r.pWelch,
    };
  });
  return {
    file,
    rows: screened.raw.rows.length,
    used: screened.prepared.used,
    scale,
    profile,
    governance: g.available
      ? { classified: g.classified, shares: g.shares, captiveShare: g.captiveShare }
      : null,
    humphreySchmitz: hs.length && hs.every((x) => x.nCaptive >= 2 && x.nOther >= 2) ? hs : null,
  };
}

/** Reads and analyses the survey a workspace references; undefined when it has none. */
export async function workspaceSurvey(
  ws: Workspace,
  workspaceFile: string,
  kb: Knowledge,
): Promise<SurveyEvidence | undefined> {
  if (!ws.survey) return undefined;
  const base = dirname(resolve(workspaceFile));
  const at = (p: string | undefined) => (p ? resolve(base, p) : undefined);
  const data = at(ws.survey.data) as string;
  const inputs = await readSurveyInputs(
    { data, model: at(ws.survey.model), codebook: at(ws.survey.codebook) },
    kb,
  );
  const shown = relative(process.cwd(), data);
  return surveyEvidence(shown.startsWith('..') ? data : shown, inputs, kb);
}
