/**
 * The institution's reference data: faculties, programmes, students, staff and the academic calendar.
 * Students are looked up by id or by name, and listed with the filters every list offers.
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb, Filter } from '../store/types.ts';
import type { CalendarWeek, Faculty, Programme, Staff, Student } from '../domain/model.ts';
import { upsertAll, WITHOUT_ID } from './documents.ts';

export interface StudentFilter {
  facultyId?: string;
  programmeId?: string;
  yearOfStudy?: number;
  cohort?: string;
  tutorId?: string;
}

export function studentQuery(filter: StudentFilter): Filter {
  const query: Filter = {};
  if (filter.facultyId !== undefined) query.facultyId = filter.facultyId;
  if (filter.programmeId !== undefined) query.programmeId = filter.programmeId;
  if (filter.yearOfStudy !== undefined) query.yearOfStudy = filter.yearOfStudy;
  if (filter.cohort !== undefined) query.cohort = filter.cohort;
  if (filter.tutorId !== undefined) query.tutorId = filter.tutorId;
  return query;
}

export function institutionRepository(db: DocumentDb) {
  const faculties = db.collection<Faculty>(COLLECTIONS.faculties.name);
  const programmes = db.collection<Programme>(COLLECTIONS.programmes.name);
  const students = db.collection<Student>(COLLECTIONS.students.name);
  const staff = db.collection<Staff>(COLLECTIONS.staff.name);
  const calendar = db.collection<CalendarWeek>(COLLECTIONS.calendar.name);

  return {
    saveFaculties: (records: readonly Faculty[]) => upsertAll(faculties, records, ['id']),
    saveProgrammes: (records: readonly Programme[]) => upsertAll(programmes, records, ['id']),
    saveStudents: (records: readonly Student[]) => upsertAll(students, records, ['id']),
    saveStaff: (records: readonly Staff[]) => upsertAll(staff, records, ['id']),
    saveCalendar: (records: readonly CalendarWeek[]) => upsertAll(calendar, records, ['week']),

    calendar: () => calendar.find({}, { projection: WITHOUT_ID, sort: { week: 1 } }).toArray(),
    listProgrammes: () => programmes.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray(),
    listFaculties: () => faculties.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray(),

    listStudents: (filter: StudentFilter = {}) =>
      students.find(studentQuery(filter), { projection: WITHOUT_ID, sort: { id: 1 } }).toArray(),
    /** Every student's id, and nothing else: what ingestion resolves delivered ids against. */
    async studentIds(): Promise<string[]> {
      const rows = await students.find({}, { projection: { id: 1, _id: 0 } }).toArray();
      return rows.map((row) => row.id);
    },
    countStudents: (filter: StudentFilter = {}) => students.countDocuments(studentQuery(filter)),
    findStudent: (id: string) => students.findOne({ id }, { projection: WITHOUT_ID }),
    /** The student with this email (compared case-insensitively, as staff emails are), or null. */
    async findStudentByEmail(email: string): Promise<Student | null> {
      const trimmed = email.trim();
      const lower = trimmed.toLowerCase();
      return students.findOne(
        { email: { $in: lower === trimmed ? [trimmed] : [trimmed, lower] } },
        { projection: WITHOUT_ID },
      );
    },

    /**
     * Students whose id matches exactly, or whose name contains every word of the query (case-insensitive),
     * by name: at most `limit`, or all of them (for ranking, see domain/nameSearch.ts).
     */
    async findStudentsByIdOrName(query: string, limit?: number): Promise<Student[]> {
      const exact = await students.findOne({ id: query.trim() }, { projection: WITHOUT_ID });
      if (exact) return [exact];
      const words = query.trim().split(/\s+/).filter(Boolean).map(escapeRegExp);
      if (words.length === 0) return [];
      return students
        .find(
          { $and: words.map((word) => ({ name: { $regex: word, $options: 'i' } })) },
          { projection: WITHOUT_ID, sort: { name: 1 }, ...(limit === undefined ? {} : { limit }) },
        )
        .toArray();
    },
  };
}
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
