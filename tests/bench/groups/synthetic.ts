/**
 * Bench group "synthetic": generation time of the synthetic institution — the default 2,000 students ×
 * 12 weeks with every measure, and for 50,000 students × 30 weeks the plan plus one streamed week.
 * Best of three timed runs after a warm-up, in seconds.
 */
import { bestOf } from '../bestOf.ts';
import { generateInstitution, measuresForWeek, planInstitution } from '../../../src/synthetic/index.ts';

export async function run(): Promise<Record<string, number>> {
  const large = { seed: 7, students: 50_000, weeks: 30 };
  const plan = planInstitution(large);
  const week = plan.calendar[3]?.week as string;
  measuresForWeek(plan, week);
  return {
    'synthetic.generate_2000x12_s': bestOf(3, () => generateInstitution({ seed: 42 })),
    'synthetic.plan_50000x30_s': bestOf(3, () => planInstitution(large)),
    'synthetic.week_50000_s': bestOf(3, () => measuresForWeek(plan, week)),
    'synthetic.week_50000_measures': measuresForWeek(plan, week).length,
  };
}
