/**
 * What a recorded outcome means for evaluation: a student's final result, as a source spelled it (OULAD's
 * Pass, Fail, Withdrawn, Distinction; the outcomes feed's withdrawn, failed, passed, interrupted), read as
 * one of four kinds. Withdrawn and failed are the bad outcomes the lists and the risk model should find
 * early; an interruption is neither a success nor a failure and is left out of the yardstick.
 */
export const OUTCOME_KINDS = ['withdrawn', 'failed', 'passed', 'interrupted'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const SPELLINGS: Readonly<Record<string, OutcomeKind>> = {
  withdrawn: 'withdrawn',
  withdrew: 'withdrawn',
  fail: 'failed',
  failed: 'failed',
  pass: 'passed',
  passed: 'passed',
  distinction: 'passed',
  interrupted: 'interrupted',
  suspended: 'interrupted',
};

/** The kind of a final result, or null when the spelling is unknown. */
export function outcomeKindOf(finalResult: string): OutcomeKind | null {
  return SPELLINGS[finalResult.trim().toLowerCase()] ?? null;
}

export function isBadOutcome(kind: OutcomeKind | null): boolean {
  return kind === 'withdrawn' || kind === 'failed';
}
