/**
 * Bench group "rules": evaluating 10 alert rules (every trigger kind, compound conditions, scopes) over
 * 50,000 students with 8-week synthetic score histories, as the weekly cycle does after scoring. Best of 3
 * after a warm-up; the histories are built beforehand and not timed.
 */
import { bestOf } from '../bestOf.ts';
import { addWeeks } from '../../../src/domain/isoWeek.ts';
import { evaluateRule } from '../../../src/rules/evaluate.ts';
import type { RuleContext, RulePoint, RuleStudent } from '../../../src/rules/evaluate.ts';
import { parseRule } from '../../../src/rules/schema.ts';

const STUDENTS = 50_000;
const WEEKS = 8;
const FIRST_WEEK = '2026-W40';
const AS_OF = new Date('2026-11-30T08:00:00Z');

const RULES = [
  { trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 2 } },
  { trigger: { kind: 'below', threshold: 250 } },
  { trigger: { kind: 'dropInWeek', points: 150 } },
  { trigger: { kind: 'lowEngagementForWeeks', weeks: 2 } },
  { trigger: { kind: 'below', threshold: 300 }, conditions: { attendanceBelowPct: 75 } },
  { trigger: { kind: 'belowForWeeks', threshold: 350, weeks: 3 }, conditions: { noContactForDays: 14 } },
  { trigger: { kind: 'dropInWeek', points: 100 }, conditions: { noOpenCase: true } },
  { trigger: { kind: 'belowForWeeks', threshold: 300, weeks: 4 }, scope: { facultyIds: ['F1', 'F2'] } },
  { trigger: { kind: 'lowEngagementForWeeks', weeks: 3 }, scope: { yearsOfStudy: [1] } },
  { trigger: { kind: 'below', threshold: 200 }, scope: { programmeIds: ['P3', 'P7', 'P11'] } },
].map((fields, i) =>
  parseRule({ id: `bench-${i}`, name: `Bench rule ${i}`, actions: [{ kind: 'notify-tutor' }], ...fields }),
);

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Input {
  student: RuleStudent;
  history: RulePoint[];
  context: RuleContext;
}

function inputs(): Input[] {
  const next = random(42);
  const weeks = Array.from({ length: WEEKS }, (_, i) => addWeeks(FIRST_WEEK, i));
  const shared = { peerGroup: 'bench', week: weeks[5]!, level: 2, baseline: 10, drop: 0.8 };
  return Array.from({ length: STUDENTS }, (_, s) => {
    let score = 200 + next() * 600;
    const history = weeks.map((week, w) => {
      score = Math.min(1000, Math.max(0, score + (next() - 0.55) * 160));
      return {
        week,
        score: Math.round(score),
        attendancePct: Math.round(next() * 100),
        activity: Math.floor(next() * 40),
        activityPercentile: next(),
        sharedCause: w === 5 && s % 20 === 0 ? shared : null,
      };
    });
    return {
      student: {
        id: `S${s}`,
        facultyId: `F${s % 5}`,
        programmeId: `P${s % 40}`,
        yearOfStudy: 1 + (s % 3),
        cohort: '2026-SEP',
      },
      history,
      context: {
        lastContactAt: next() < 0.3 ? new Date(AS_OF.getTime() - Math.floor(next() * 60) * 86_400_000) : null,
        openCase: next() < 0.05,
        asOf: AS_OF,
      },
    };
  });
}

function evaluateAll(all: readonly Input[]): number {
  let holding = 0;
  for (const input of all) {
    for (const rule of RULES) {
      if (evaluateRule(rule, input.student, input.history, input.context).holds) holding += 1;
    }
  }
  return holding;
}

export async function run(): Promise<Record<string, number>> {
  const all = inputs();
  return { 'rules.eval_50k_s': bestOf(3, () => evaluateAll(all)) };
}
