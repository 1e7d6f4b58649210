/**
 * The store collection Agenda keeps the jobs in, and how it holds a student: a queued job whose data names
 * one (an alert-rule workflow step) names it `data.studentId`, so it is exported and erased with the
 * student's other records (src/governance/).
 */
export const JOB_COLLECTION = 'agendaJobs';

export const JOB_STUDENT_DATA = { collection: JOB_COLLECTION, field: 'data.studentId' } as const;
