import { performance } from 'node:perf_hooks';
import { FeatureBuilder, type CohortWeek } from '../src/prediction/features.ts';
import { buildDataset, trainRiskModel } from '../src/prediction/dataset.ts';
import { fitLogisticRegression } from '../src/prediction/logisticRegression.ts';
const n = 50000,
  S = 8;
const ids = Array.from({ length: n }, (_, i) => `s${i}`);
const weeks: CohortWeek[] = [];
for (let k = 0; k < 30; k++) {
  weeks.push({
    week: `2026-W${String(k + 10)}`,
    studentIds: ids,
    score: Float64Array.from(ids, () => Math.random() * 1000),
    activity: Float64Array.from(ids, () => Math.floor(Math.random() * 20)),
    attendancePct: Float64Array.from(ids, () => Math.random() * 100),
    sourceIds: Array.from({ length: S }, (_, s) => `src${s}`),
    levels: Float64Array.from({ length: n * S }, () => Math.random() * 5),
    counts: Float64Array.from({ length: n * S }, () => Math.floor(Math.random() * 5)),
  });
}
let t = performance.now();
const b = new FeatureBuilder(weeks[0]!.sourceIds);
for (const w of weeks) b.addWeek(w);
console.log('addWeek x30', (performance.now() - t) / 1000);
t = performance.now();
const rows = b.rows(ids);
console.log('rows', (performance.now() - t) / 1000);
const students = ids.map((studentId, i) => ({ studentId, bad: i % 4 === 0, withdrawnWeek: null }));
t = performance.now();
const set = buildDataset(weeks.slice(0, 12), students, [4, 5, 6, 7, 8, 9, 10, 11, 12]);
console.log('dataset', (performance.now() - t) / 1000);
t = performance.now();
fitLogisticRegression(set.rows, set.labels, { lambda: 9 });
console.log('one fit', (performance.now() - t) / 1000);
