import { describe, expect, it } from 'vitest';
import { explainScore } from '../../src/scoring/explain.ts';
import { scoreWeek } from '../../src/scoring/scoreWeek.ts';
import { WEEK, attendance, cohort, config, count, source } from './fixtures.ts';

const students = cohort('s', 11);
const sources = [source('att', 'attendance'), source('vle', 'vle'), source('lib', 'library')];
// s0 attends little but uses the VLE most; s1 has no library measure.
const measures = students.flatMap((s, i) => [
  attendance(s.id, 'att', i === 0 ? 0 : 3, 4),
  count(s.id, 'vle', i === 0 ? 50 : i),
  ...(i === 1 ? [] : [count(s.id, 'lib', i % 3)]),
]);
const result = scoreWeek({ week: WEEK, students, sources, measures, config: config() });
const group = result.peerGroups[0];
if (!group) throw new Error('expected one peer group');

describe('explainScore', () => {
  it('shows each source beside the peer median, with contributions that add up to the composite and z', () => {
    const score = result.scores.find((s) => s.studentId === 's0');
    if (!score) throw new Error('s0 not scored');
    const explanation = explainScore(score, group);
    expect(explanation.sources[0]?.sourceId).toBe('att');
    expect(explanation.sources[0]?.measure).toBe(0);
    expect(explanation.sources[0]?.peerMedian).toBe(0.75);
    expect(explanation.sources[0]?.contribution).toBeLessThan(0);
    expect(explanation.sources.at(-1)?.sourceId).toBe('vle');
    expect(explanation.sources.at(-1)?.contribution).toBeGreaterThan(0);
    const composite = explanation.sources.reduce((sum, s) => sum + s.contribution, 0);
    expect(composite).toBeCloseTo(score.composite, 12);
    expect((composite - explanation.peerMean) / explanation.peerSd).toBeCloseTo(score.z, 9);
  });

  it('lists a missing source last with no contribution', () => {
    const score = result.scores.find((s) => s.studentId === 's1');
    if (!score) throw new Error('s1 not scored');
    const last = explainScore(score, group).sources.at(-1);
    expect(last).toMatchObject({
      sourceId: 'lib',
      measure: null,
      normalScore: null,
      weight: 0,
      contribution: 0,
    });
  });

  it('refuses a peer group the score was not computed against', () => {
    const score = result.scores[0];
    if (!score) throw new Error('no score');
    expect(() => explainScore(score, { ...group, peerGroup: 'institution' })).toThrow(RangeError);
  });
});
