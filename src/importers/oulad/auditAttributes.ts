/**
 * OULAD's protected characteristics as audit-only attributes: gender, disability, age band and
 * deprivation (IMD) band from studentInfo, stored apart from the student record for the fairness table of
 * `engage model report` and read by nothing else (repositories/auditAttributes.ts). Runs after the import
 * (importOulad.ts): the students it made are found through their recorded outcomes' registration keys, so
 * a row of a presentation not imported is left alone. A missing value (empty or `?`) is "not recorded".
 */
import type { AuditAttributeRepository, AuditAttributeUpdate } from '../../repositories/auditAttributes.ts';
import type { Repositories } from '../../repositories/index.ts';
import { registrationKey } from './registrations.ts';
import type { OuladFiles } from './tables.ts';

/** The studentInfo columns kept, under the same names. */
export const OULAD_AUDIT_ATTRIBUTES = ['gender', 'disability', 'age_band', 'imd_band'] as const;

const MISSING = new Set(['', '?']);
const MAX_VALUE_LENGTH = 100;

export interface OuladAuditAttributesSummary {
  /** Registrations given attributes. */
  students: number;
  attributes: string[];
}

/** OULAD writes some deprivation bands without their percent sign ("10-20"): one spelling per band. */
function valueOf(attribute: string, raw: string | undefined): string | null {
  const text = (raw ?? '').trim();
  if (MISSING.has(text) || text.length > MAX_VALUE_LENGTH) return null;
  return attribute === 'imd_band' && /^\d+-\d+$/.test(text) ? `${text}%` : text;
}

export async function importOuladAuditAttributes(
  repos: Repositories,
  attributes: AuditAttributeRepository,
  files: OuladFiles,
): Promise<OuladAuditAttributesSummary> {
  const imported = new Map<string, { studentId: string; term: string }>();
  for (const outcome of await repos.outcomes.listOutcomes()) {
    const registration = outcome.details.registration;
    if (outcome.details.source === 'oulad' && typeof registration === 'string' && outcome.term)
      imported.set(registration, { studentId: outcome.studentId, term: outcome.term });
  }
  let updates: AuditAttributeUpdate[] = [];
  let students = 0;
  for await (const record of files.read('studentInfo')) {
    if ('error' in record) continue; // the import itself reports malformed rows
    const { code_module: module, code_presentation: presentation, id_student: id } = record.values;
    const student = imported.get(registrationKey(module ?? '', presentation ?? '', Number(id)));
    if (student === undefined) continue;
    const values = Object.fromEntries(
      OULAD_AUDIT_ATTRIBUTES.map((attribute) => [attribute, valueOf(attribute, record.values[attribute])]),
    );
    updates.push({ ...student, values, source: 'oulad' });
    students++;
    if (updates.length >= 5_000) {
      await attributes.save(updates);
      updates = [];
    }
  }
  await attributes.save(updates);
  return { students, attributes: [...OULAD_AUDIT_ATTRIBUTES] };
}
