/**
 * Writes a generated synthetic institution through the same repositories real data uses: reference data,
 * sources, the seed contacts and cases, the weekly measures one calendar week at a time, and students'
 * outcomes for training a model on the institution's own history.
 *
 * - seedSyntheticInstitution: one generated span, with its outcomes (withdrawn, failed or passed).
 * - seedDemoInstitution: the demo's two terms of the same students (docs/prediction.md, "The demo"): an
 *   earlier completed term with outcomes and the current term, whose outcomes are not known yet.
 */
import type { Repositories } from '../repositories/index.ts';
import { measuresForWeek, syntheticOutcomes } from '../synthetic/index.ts';
import type { SyntheticInstitution } from '../synthetic/index.ts';

export interface SeedSummary {
  students: number;
  staff: number;
  sources: number;
  weeks: number;
  measures: number;
  contacts: number;
  cases: number;
  outcomes: number;
}

export async function seedSyntheticInstitution(
  repos: Repositories,
  institution: SyntheticInstitution,
): Promise<SeedSummary> {
  return seedTerms(repos, institution, null);
}

/** The current term and an earlier completed one of the same roster; outcomes for the earlier term only. */
export async function seedDemoInstitution(
  repos: Repositories,
  terms: { current: SyntheticInstitution; earlier: SyntheticInstitution },
): Promise<SeedSummary> {
  return seedTerms(repos, terms.current, terms.earlier);
}

async function seedTerms(
  repos: Repositories,
  institution: SyntheticInstitution,
  earlier: SyntheticInstitution | null,
): Promise<SeedSummary> {
  const calendar = [...(earlier?.calendar ?? []), ...institution.calendar];
  await repos.institution.saveFaculties(institution.faculties);
  await repos.institution.saveProgrammes(institution.programmes);
  await repos.institution.saveStaff(institution.staff);
  await repos.institution.saveStudents(institution.students);
  await repos.institution.saveCalendar(calendar);
  // Sources are on from the first stored week, the earlier term's when there is one.
  await repos.sources.saveSources((earlier ?? institution).sources);
  await repos.contacts.saveContacts(
    institution.contacts.map((contact, index) => ({
      ...contact,
      id: `seed-contact-${index + 1}`,
      at: new Date(contact.at),
    })),
  );
  for (const [index, supportCase] of institution.cases.entries()) {
    await repos.cases.openCase({
      id: `seed-case-${index + 1}`,
      studentId: supportCase.studentId,
      ownerId: supportCase.ownerId,
      reason: supportCase.reason,
      openedAt: new Date(supportCase.openedAt),
    });
  }
  let measures = 0;
  for (const term of earlier ? [earlier, institution] : [institution]) {
    for (const calendarWeek of term.calendar) {
      const weekMeasures = measuresForWeek(term, calendarWeek.week);
      await repos.measures.saveMeasures(weekMeasures);
      measures += weekMeasures.length;
    }
  }
  const outcomes = syntheticOutcomes(earlier ?? institution);
  await repos.outcomes.saveOutcomes(outcomes);
  return {
    students: institution.students.length,
    staff: institution.staff.length,
    sources: institution.sources.length,
    weeks: calendar.length,
    measures,
    contacts: institution.contacts.length,
    cases: institution.cases.length,
    outcomes: outcomes.length,
  };
}
