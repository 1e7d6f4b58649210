/**
 * The synthetic university's faculties and programmes, with what the generator needs beyond the shared
 * domain shapes: how popular each programme is and how many timetabled sessions a first-year full-time
 * student has each teaching week (later years have fewer).
 */
import type { Faculty, Programme } from '../domain/model.ts';

export interface ProgrammeSpec extends Programme {
  /** Relative share of the student body. */
  popularity: number;
  /** Timetabled sessions per teaching week for a full-time first year (4–12). */
  weeklySessions: number;
}

export const FACULTIES: readonly Faculty[] = [
  { id: 'science-engineering', name: 'Science & Engineering' },
  { id: 'humanities', name: 'Humanities' },
  { id: 'business', name: 'Business' },
  { id: 'health', name: 'Health' },
];

function programme(
  facultyId: string,
  id: string,
  name: string,
  popularity: number,
  weeklySessions: number,
): ProgrammeSpec {
  return { id, name, facultyId, popularity, weeklySessions };
}

export const PROGRAMME_SPECS: readonly ProgrammeSpec[] = [
  programme('science-engineering', 'computer-science', 'BSc Computer Science', 1.4, 10),
  programme('science-engineering', 'mechanical-engineering', 'MEng Mechanical Engineering', 1.0, 12),
  programme('science-engineering', 'physics', 'BSc Physics', 0.6, 10),
  programme('science-engineering', 'chemistry', 'BSc Chemistry', 0.6, 11),
  programme('science-engineering', 'mathematics', 'BSc Mathematics', 0.8, 8),
  programme('science-engineering', 'civil-engineering', 'BEng Civil Engineering', 0.6, 11),
  programme('science-engineering', 'environmental-science', 'BSc Environmental Science', 0.5, 9),
  programme('humanities', 'english-literature', 'BA English Literature', 0.9, 5),
  programme('humanities', 'history', 'BA History', 0.8, 5),
  programme('humanities', 'philosophy', 'BA Philosophy', 0.4, 4),
  programme('humanities', 'modern-languages', 'BA Modern Languages', 0.5, 7),
  programme('humanities', 'music', 'BMus Music', 0.3, 8),
  programme('business', 'accounting-finance', 'BSc Accounting and Finance', 1.0, 7),
  programme('business', 'business-management', 'BSc Business Management', 1.5, 6),
  programme('business', 'economics', 'BSc Economics', 0.9, 7),
  programme('business', 'marketing', 'BA Marketing', 0.6, 6),
  programme('health', 'nursing-adult', 'BSc Nursing (Adult)', 1.2, 10),
  programme('health', 'pharmacy', 'MPharm Pharmacy', 0.7, 12),
  programme('health', 'psychology', 'BSc Psychology', 1.3, 7),
  programme('health', 'physiotherapy', 'BSc Physiotherapy', 0.5, 11),
  programme('health', 'sport-exercise-science', 'BSc Sport and Exercise Science', 0.7, 8),
];

const SPEC_BY_ID = new Map(PROGRAMME_SPECS.map((spec) => [spec.id, spec]));

export function programmeSpec(programmeId: string): ProgrammeSpec {
  const spec = SPEC_BY_ID.get(programmeId);
  if (!spec) throw new RangeError(`unknown synthetic programme "${programmeId}"`);
  return spec;
}
