/**
 * Measures the activity shape of the anonymised OULAD module AAA (not committed data; pass the folder):
 *   node --import tsx tests/synthetic/measureOulad.ts ../shared/data/oulad-aaa
 * Per student-week VLE clicks, weeks = floor(day / 7) from the module start; a student counts from week 0
 * until the week they unregistered. Prints the Shape (see shape.ts) as JSON. The figures it printed are
 * recorded in sparsity.test.ts as OULAD_SHAPE.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { measureShape } from './shape.ts';
import type { StudentWeeks } from './shape.ts';

const dir =
  process.argv[2] ??
  join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'data', 'oulad-aaa');

function rows(file: string): Record<string, string>[] {
  const text = gunzipSync(readFileSync(join(dir, file))).toString('utf8');
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.length > 0);
  const names = (header as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()]));
  });
}

const number = (text: string | undefined): number | null =>
  text === undefined || text === '' || text === '?' ? null : Number(text);

const lengthOf = new Map(
  rows('courses.csv.gz').map((r) => [r.code_presentation, Number(r.module_presentation_length)]),
);
const dueWeeks = new Map<string, Set<number>>();
for (const a of rows('assessments.csv.gz')) {
  const day = number(a.date);
  if (day === null) continue;
  const set = dueWeeks.get(a.code_presentation as string) ?? new Set<number>();
  set.add(Math.floor(day / 7));
  dueWeeks.set(a.code_presentation as string, set);
}
const key = (presentation: string, id: string) => `${presentation}|${id}`;
const unregistered = new Map(
  rows('studentRegistration.csv.gz').map((r) => [
    key(r.code_presentation as string, r.id_student as string),
    number(r.date_unregistration),
  ]),
);
const clicks = new Map<string, Map<number, number>>();
for (const r of rows('studentVle.csv.gz')) {
  const day = Number(r.date);
  if (day < 0) continue;
  const k = key(r.code_presentation as string, r.id_student as string);
  const weeks = clicks.get(k) ?? new Map<number, number>();
  const week = Math.floor(day / 7);
  weeks.set(week, (weeks.get(week) ?? 0) + Number(r.sum_click));
  clicks.set(k, weeks);
}

const students: StudentWeeks[] = [];
let neverStarted = 0;
const allOutcomes = new Map<string, number>();
for (const info of rows('studentInfo.csv.gz')) {
  const presentation = info.code_presentation as string;
  const k = key(presentation, info.id_student as string);
  const outcome = info.final_result === 'Distinction' ? 'Pass' : (info.final_result as string);
  allOutcomes.set(outcome, (allOutcomes.get(outcome) ?? 0) + 1);
  const unreg = unregistered.get(k) ?? null;
  if (unreg !== null && unreg <= 0) {
    neverStarted += 1;
    continue;
  }
  const weeks = Math.ceil((lengthOf.get(presentation) as number) / 7);
  const leftAt = unreg === null ? null : Math.floor(unreg / 7);
  const own = clicks.get(k) ?? new Map<number, number>();
  const due = dueWeeks.get(presentation) ?? new Set<number>();
  students.push({
    counts: Array.from({ length: weeks }, (_, week) =>
      leftAt !== null && week >= leftAt ? null : (own.get(week) ?? 0),
    ),
    deadline: Array.from({ length: weeks }, (_, week) => due.has(week)),
    outcome,
    leftAt,
  });
}

const shape = measureShape(students);
const total = [...allOutcomes.values()].reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify(
    {
      registrations: total,
      outcomeSharesAllRegistrations: Object.fromEntries(
        [...allOutcomes].map(([o, n]) => [o, Number((n / total).toFixed(3))]),
      ),
      neverStarted,
      withdrawnWithActivity: students.filter((s) => s.leftAt !== null).length,
      ...shape,
    },
    null,
    1,
  ),
);
