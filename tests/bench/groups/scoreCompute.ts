/**
 * The "score" bench group's workload and its pure-compute figure: one week for 50,000 students × 8 sources
 * in about 100 peer groups of skewed sizes (a few below the minimum, so merging is exercised), with skewed,
 * tie-heavy counts and a few missing cells. The compute figure is the best of three runs after a warm-up.
 */
import { bestOf } from '../bestOf.ts';
import type { Source, Student, WeeklyMeasure, WeightCategory } from '../../../src/domain/model.ts';
import { DEFAULT_SCORING_CONFIG } from '../../../src/scoring/config.ts';
import { scoreWeek } from '../../../src/scoring/scoreWeek.ts';
import type { ScoreWeekInput } from '../../../src/scoring/types.ts';

const STUDENTS = 50_000;
const GROUPS = 100;
const SOURCE_CATEGORIES: WeightCategory[] = [
  'attendance',
  'vle',
  'vle',
  'vle',
  'library',
  'library',
  'other',
  'other',
];

/** Deterministic uniform [0, 1) generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One week's input; the students and sources are the same for every week, the measures vary with it. */
export function benchInput(week = '2026-W45', studentCount = STUDENTS): ScoreWeekInput {
  const rand = random(20_261_105);
  // Zipf-like group sizes: a few large programmes, a long tail of small ones.
  const shares = Array.from({ length: GROUPS }, (_, g) => 1 / (g + 1) ** 0.9);
  const totalShare = shares.reduce((a, b) => a + b, 0);
  const students: Student[] = [];
  const engagement: number[] = [];
  for (let i = 0; i < studentCount; i++) {
    let pick = rand() * totalShare;
    let group = 0;
    while (group < GROUPS - 1 && (pick -= shares[group] as number) > 0) group += 1;
    students.push({
      id: `s${i}`,
      name: `Student ${i}`,
      email: `s${i}@example.ac.uk`,
      programmeId: `P${group >> 2}`,
      facultyId: `F${group % 7}`,
      yearOfStudy: (group % 4) + 1,
      cohort: '2026-SEP',
      entryBand: 'A',
      studyMode: 'full-time',
      status: rand() < 0.03 ? 'placement' : 'active',
      tutorId: `T${i % 900}`,
    });
    engagement.push(Math.exp((rand() + rand() + rand() - 1.5) * 1.6));
  }
  const sources: Source[] = SOURCE_CATEGORIES.map((category, s) => ({
    id: `src${s}`,
    name: `Source ${s}`,
    kind: category === 'attendance' ? 'attendance' : category === 'library' ? 'library' : 'vle',
    category,
    enabled: true,
    enabledFromWeek: '2026-W01',
    privacyNoticeCovers: true,
    dpiaReference: null,
  }));
  const weekly = random(20_261_105 + Number(week.slice(0, 4)) * 53 + Number(week.slice(6)));
  const measures: WeeklyMeasure[] = [];
  students.forEach((student, i) => {
    const level = (engagement[i] as number) * Math.exp((weekly() - 0.5) * 0.8);
    for (const source of sources) {
      if (weekly() < 0.01) continue;
      if (source.category === 'attendance') {
        const scheduled = 6;
        const attended = Math.min(scheduled, Math.floor(weekly() * level * 5));
        measures.push({
          studentId: student.id,
          sourceId: source.id,
          week,
          count: attended,
          attended,
          scheduled,
        });
      } else {
        const mean = level * (source.category === 'vle' ? 20 : 3);
        measures.push({
          studentId: student.id,
          sourceId: source.id,
          week,
          count: Math.floor(-Math.log(1 - weekly()) * mean),
        });
      }
    }
  });
  return { week, students, sources, measures, config: DEFAULT_SCORING_CONFIG };
}

export async function computeFigures(): Promise<{ 'score.compute_50k_s': number }> {
  const input = benchInput();
  return { 'score.compute_50k_s': bestOf(3, () => scoreWeek(input)) };
}
