// Large training sets keep a hash sample of whole students: at most the rows asked for, all of a kept
// student's weeks, the same students whatever the row order, and a sample of a sample as small as asked
// (the penalty is tuned on a sample of the training sample, and was once tuned on half of it instead).
import { describe, expect, it } from 'vitest';
import { sampleStudents, type TrainingSet } from '../../src/prediction/dataset.ts';

/** `students` students with `weeks` rows each. */
function setOf(students: number, weeks: number): TrainingSet {
  const studentIds = Array.from({ length: students * weeks }, (_, i) => `S${Math.floor(i / weeks)}`);
  return {
    featureNames: ['x'],
    sourceIds: [],
    rows: studentIds.map((_, i) => [i]),
    labels: studentIds.map((_, i) => i % 2),
    termWeeks: studentIds.map((_, i) => (i % weeks) + 1),
    studentIds,
  };
}

const studentsOf = (set: TrainingSet) => new Set(set.studentIds);

describe('sampleStudents', () => {
  const full = setOf(20_000, 9);

  it('keeps a set that fits as it is', () => {
    expect(sampleStudents(full, full.rows.length)).toBe(full);
  });

  it('keeps at most the rows asked for, close to them, and every week of each kept student', () => {
    const sample = sampleStudents(full, 50_000);
    expect(sample.rows.length).toBeLessThanOrEqual(50_000);
    expect(sample.rows.length).toBeGreaterThan(45_000);
    expect(sample.rows.length).toBe(studentsOf(sample).size * 9);
    expect(sample.rows.every((row, i) => full.studentIds[row[0] as number] === sample.studentIds[i])).toBe(
      true,
    );
  });

  it('samples a sample down to the rows asked for, from the same students', () => {
    const training = sampleStudents(full, 50_000);
    const tuning = sampleStudents(training, 10_000);
    expect(tuning.rows.length).toBeLessThanOrEqual(10_000);
    expect(tuning.rows.length).toBeGreaterThan(8_000);
    const kept = studentsOf(training);
    expect([...studentsOf(tuning)].every((id) => kept.has(id))).toBe(true);
    expect(studentsOf(tuning)).toEqual(studentsOf(sampleStudents(full, 10_000)));
  });

  it('keeps the same students whatever the order of the rows', () => {
    const order = full.rows.map((_, i) => i).reverse();
    const reversed: TrainingSet = {
      ...full,
      rows: order.map((i) => full.rows[i] as number[]),
      labels: order.map((i) => full.labels[i] as number),
      termWeeks: order.map((i) => full.termWeeks[i] as number),
      studentIds: order.map((i) => full.studentIds[i] as string),
    };
    expect(studentsOf(sampleStudents(reversed, 30_000))).toEqual(studentsOf(sampleStudents(full, 30_000)));
  });
});
