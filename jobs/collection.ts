/** The store collection Agenda keeps the jobs in. */
export const JOB_COLLECTION = 'agendaJobs';
