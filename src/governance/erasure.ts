/**
 * Erasure: everything held about one student removed from every collection that can hold student data
 * (the same walk as the export), and one evidence record kept that says who erased, when, why and how many
 * records per collection — never whose. Making the removal reach the disk (the embedded store's snapshot
 * and journal) is the store adapter's part, done by the caller afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { Repositories } from '../repositories/index.ts';
import type { GovernanceRepository, ErasureEvidence } from '../repositories/governance.ts';
import type { StudentMarks, StudentRecordRepository } from '../repositories/studentRecords.ts';

export interface ErasureDeps {
  institution: Pick<Repositories['institution'], 'findStudent'>;
  studentRecords: Pick<StudentRecordRepository, 'recordsOf' | 'erase'>;
  governance: Pick<GovernanceRepository, 'recordErasure'>;
}

export class ErasureRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErasureRefused';
  }
}

/** The shortest reason accepted: the evidence must say why. */
const MIN_WHY_LENGTH = 5;

export interface Erasure {
  evidence: ErasureEvidence;
  /** The id and name erased: what the caller checks the disk for, never stored. */
  marks: StudentMarks;
}

/** Whether the text carries the student's id, or any part of their name of three letters or more. */
function namesStudent(text: string, marks: StudentMarks): boolean {
  if (text.toLowerCase().includes(marks.id.toLowerCase())) return true;
  const words = new Set(text.toLowerCase().split(/[^\p{L}\p{N}'-]+/u));
  return (marks.name ?? '')
    .toLowerCase()
    .split(/\s+/)
    .some((part) => part.length >= 3 && words.has(part));
}

export async function eraseStudent(
  deps: ErasureDeps,
  studentId: string,
  request: { by: string; why: string; now: Date },
): Promise<Erasure> {
  const why = request.why.trim();
  if (why.length < MIN_WHY_LENGTH)
    throw new ErasureRefused(
      `--why must say why the student is erased (at least ${MIN_WHY_LENGTH} characters)`,
    );
  const profile = await deps.institution.findStudent(studentId);
  const marks: StudentMarks = { id: studentId, name: profile?.name ?? null };
  // The evidence is kept after the erasure: it must not say whose it was.
  if (namesStudent(why, marks))
    throw new ErasureRefused(
      '--why must not name the student: the evidence record is kept without personal data',
    );
  if (profile === null) {
    const held = await deps.studentRecords.recordsOf(marks);
    if (Object.values(held).every((records) => records.length === 0))
      throw new ErasureRefused(`nothing is held under the student id "${studentId}"`);
  }
  const removed = await deps.studentRecords.erase(marks);
  const counts = Object.fromEntries(Object.entries(removed).filter(([, n]) => n > 0));
  const evidence: ErasureEvidence = {
    id: randomUUID(),
    at: request.now,
    by: request.by,
    why,
    counts,
    total: Object.values(counts).reduce((sum, n) => sum + n, 0),
  };
  await deps.governance.recordErasure(evidence);
  return { evidence, marks };
}
