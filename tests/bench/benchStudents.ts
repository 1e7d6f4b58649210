/** The students a bench child seeds its store with: `count` active students of one programme-year. */
import type { Student } from '../../src/domain/model.ts';
import { student } from '../scoring/fixtures.ts';

export function benchStudents(count: number, idOf: (i: number) => string): Student[] {
  return Array.from({ length: count }, (_, i) => student(idOf(i)));
}
