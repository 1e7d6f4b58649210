/**
 * Bench group "synthetic": generation time of the synthetic institution — the default 2,000 students ×
 * 12 weeks with every measure, and for 50,000 students × 30 weeks the plan plus one streamed week.
 * Best of three timed runs after a warm-up, in seconds.
 */
import { performance } from 'node:perf_hooks';
import { generateInstitution, measuresForWeek, planInstitution } from '../../../src/synthetic/index.ts';

function best(runs: number, task: () => void): number {
  task();
  let fastest = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    task();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest / 1000;
}

export async function run(): Promise<Record<string, number>> {
  const large = { seed: 7, students: 50_000, weeks: 30 };
  const plan = planInstitution(large);
  const week = plan.calendar[3]?.week as string;
  measuresForWeek(plan, week);
  return {
    'synthetic.generate_2000x12_s': best(3, () => generateInstitution({ seed: 42 })),
    'synthetic.plan_50000x30_s': best(3, () => planInstitution(large)),
    'synthetic.week_50000_s': best(3, () => measuresForWeek(plan, week)),
    'synthetic.week_50000_measures': measuresForWeek(plan, week).length,
  };
}
