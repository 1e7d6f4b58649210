/**
 * Writes a generated synthetic institution through the same repositories real data uses: reference data,
 * sources, the seed contacts and cases, the weekly measures one calendar week at a time, and each
 * student's outcome for the generated term (withdrawn, failed or passed), for training a model on the
 * institution's own history.
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
  await repos.institution.saveFaculties(institution.faculties);
  await repos.institution.saveProgrammes(institution.programmes);
  await repos.institution.saveStaff(institution.staff);
  await repos.institution.saveStudents(institution.students);
  await repos.institution.saveCalendar(institution.calendar);
  await repos.sources.saveSources(institution.sources);
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
  for (const calendarWeek of institution.calendar) {
    const weekMeasures = measuresForWeek(institution, calendarWeek.week);
    await repos.measures.saveMeasures(weekMeasures);
    measures += weekMeasures.length;
  }
  const outcomes = syntheticOutcomes(institution);
  await repos.outcomes.saveOutcomes(outcomes);
  return {
    students: institution.students.length,
    staff: institution.staff.length,
    sources: institution.sources.length,
    weeks: institution.calendar.length,
    measures,
    contacts: institution.contacts.length,
    cases: institution.cases.length,
    outcomes: outcomes.length,
  };
}
