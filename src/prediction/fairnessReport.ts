/**
 * The fairness table of `engage model report` (fairness.ts) for the held-out term: each reported week's
 * students with their outcome and whether the model flagged them, grouped by the student record's
 * programme, faculty, year, cohort, entry band and study mode, and by every audit-only attribute recorded
 * for the term. The audit attributes come in through `AuditAttributeReader`, which only the report's
 * caller is given (docs/prediction.md, "Fairness").
 */
import type { Student } from '../domain/model.ts';
import type { Repositories } from '../repositories/index.ts';
import { predictRisk, type RiskModel, type TrainingSet } from './dataset.ts';
import { fairnessTable, type FairnessRow, type FairnessTable, type Grouping } from './fairness.ts';

/** What the fairness report reads of the audit-only attributes: a term's student → attribute → value. */
export interface AuditAttributeReader {
  forTerm(term: string): Promise<Map<string, Map<string, string>>>;
}

const RECORD_GROUPINGS: {
  name: string;
  of: (student: Student, programmes: Map<string, string>) => string;
}[] = [
  {
    name: 'programme',
    of: (student, programmes) => programmes.get(student.programmeId) ?? student.programmeId,
  },
  { name: 'faculty', of: (student) => student.facultyId },
  { name: 'year of study', of: (student) => `year ${student.yearOfStudy}` },
  { name: 'cohort', of: (student) => student.cohort },
  { name: 'entry band', of: (student) => student.entryBand },
  { name: 'study mode', of: (student) => student.studyMode },
];

export async function fairnessTables(
  repos: Repositories,
  attributes: AuditAttributeReader | null,
  risk: RiskModel,
  held: TrainingSet,
  term: string,
  weeks: readonly number[],
): Promise<FairnessTable[]> {
  const [students, programmes, audit] = await Promise.all([
    repos.institution.listStudents(),
    repos.institution.listProgrammes(),
    attributes ? attributes.forTerm(term) : Promise.resolve(new Map<string, Map<string, string>>()),
  ]);
  const byId = new Map(students.map((student) => [student.id, student]));
  const programmeNames = new Map(programmes.map((programme) => [programme.id, programme.name]));
  const groupings: Grouping[] = [
    ...RECORD_GROUPINGS.map(({ name, of }) => ({
      name,
      kind: 'record' as const,
      groupOf: (id: string) => {
        const student = byId.get(id);
        return student === undefined ? null : of(student, programmeNames);
      },
    })),
    ...[...new Set([...audit.values()].flatMap((values) => [...values.keys()]))].sort().map((name) => ({
      name,
      kind: 'audit' as const,
      groupOf: (id: string) => audit.get(id)?.get(name) ?? null,
    })),
  ];
  const probabilities = predictRisk(risk, held.rows);
  return weeks.map((week) => {
    const rows: FairnessRow[] = held.termWeeks.flatMap((k, i) =>
      k === week
        ? [
            {
              studentId: held.studentIds[i] as string,
              bad: held.labels[i] === 1,
              flagged: (probabilities[i] as number) >= risk.operatingThreshold,
            },
          ]
        : [],
    );
    return fairnessTable(week, rows, groupings);
  });
}
