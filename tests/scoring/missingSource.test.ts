// A source missing for everyone in the latest week (registers not uploaded) must not move scores or put
// anyone on the Declining list: recent-log carries each student's attendance level and says it is missing.
// Scored on the synthetic institution with the real engine; the first method, which drops the source and
// re-weights, shows what the test guards against.
import { describe, expect, it } from 'vitest';
import type { WeeklyScore } from '../../src/domain/model.ts';
import { parseScoringConfig, type ScoreMethod } from '../../src/scoring/config.ts';
import { scoreWeeksInOrder } from '../../src/scoring/scoreWeeksInOrder.ts';
import type { WeekScoreResult } from '../../src/scoring/types.ts';
import { computeSignals } from '../../src/signals/studentSignals.ts';
import { measuresForWeek, planInstitution, SOURCE_IDS } from '../../src/synthetic/index.ts';

const institution = planInstitution({ seed: 42, students: 1000 });
const scoredWeeks = institution.calendar.filter((week) => week.kind !== 'holiday');
/** Up to the last teaching week (later weeks schedule no sessions, so there are no registers to miss). */
const lastTeaching = scoredWeeks.map((week) => week.kind).lastIndexOf('teaching');
const termWeeks = scoredWeeks.slice(0, lastTeaching + 1).map((week) => week.week);

/** Every term week scored in order; in the last one the attendance registers are missing when asked. */
function scoreTerm(method: ScoreMethod, registersMissing: boolean): WeekScoreResult[] {
  const config = parseScoringConfig({ method });
  return scoreWeeksInOrder(
    termWeeks.map((week, i) => ({
      week,
      students: institution.students,
      sources: institution.sources,
      measures: measuresForWeek(institution, week).filter(
        (measure) =>
          !(i === termWeeks.length - 1 && registersMissing && measure.sourceId === SOURCE_IDS.attendance),
      ),
      config,
    })),
  );
}

function lastWeek(results: WeekScoreResult[]): Map<string, { score: WeeklyScore; declining: boolean }> {
  const histories = new Map<string, WeeklyScore[]>();
  for (const result of results)
    for (const score of result.scores)
      histories.set(score.studentId, [...(histories.get(score.studentId) ?? []), score]);
  const week = results.at(-1)?.week;
  return new Map(
    [...histories].flatMap(([id, scores]) => {
      const latest = scores.at(-1) as WeeklyScore;
      if (latest.week !== week) return [];
      const signals = computeSignals({ scores, contacts: [], openCase: false, asOf: new Date('2027-01-01') });
      return [[id, { score: latest, declining: signals.declining }]];
    }),
  );
}

/** Students who attended at least 90% of their sessions in every earlier term week. */
function fullAttenders(results: WeekScoreResult[]): Set<string> {
  const low = new Set<string>();
  const seen = new Set<string>();
  for (const result of results.slice(0, -1)) {
    for (const score of result.scores) {
      seen.add(score.studentId);
      if (score.attendancePct === null || score.attendancePct < 90) low.add(score.studentId);
    }
  }
  return new Set([...seen].filter((id) => !low.has(id)));
}

describe('a source missing for everyone in the latest week', () => {
  it('moves nobody onto Declining and leaves full attenders where they were, saying the registers are missing', () => {
    const present = lastWeek(scoreTerm('recent-log', false));
    const missingResults = scoreTerm('recent-log', true);
    const missing = lastWeek(missingResults);
    const attenders = fullAttenders(missingResults);
    expect(attenders.size).toBeGreaterThan(20);
    for (const [id, { score, declining }] of missing) {
      expect(score.sourcesMissing).toContain(SOURCE_IDS.attendance);
      const withRegisters = present.get(id);
      if (attenders.has(id)) {
        expect(declining).toBe(false);
        expect(score.score).toBeGreaterThanOrEqual((withRegisters?.score.score as number) - 25);
      }
    }
  });

  it('is what the first method got wrong: dropping the source re-weights full attenders downwards', () => {
    const present = lastWeek(scoreTerm('weekly-rank', false));
    const missingResults = scoreTerm('weekly-rank', true);
    const attenders = fullAttenders(missingResults);
    const drops = [...lastWeek(missingResults)]
      .filter(([id]) => attenders.has(id))
      .map(([id, { score }]) => (present.get(id)?.score.score as number) - score.score);
    expect(Math.max(...drops)).toBeGreaterThan(100);
  });
});
