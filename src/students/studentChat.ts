/**
 * Students in chat. A chat user whose email (as the platform reports it) is a student's, and no member of
 * staff's, is answered here: only when the institution has switched the student view on, only in a personal
 * chat (Teams personal chat, Slack direct messages or App Home, the preview), and only with their own data.
 * They see their own view, add context notes for their tutor and withdraw them; every view, note added or
 * withdrawn and every refusal is audited against the student (actor "student:<id>"). Anything a member of
 * staff could ask — another student, a list, a digest, a case — is refused, and says so.
 */
import type { Student } from '../domain/model.ts';
import { whereOf } from '../chat/context/access.ts';
import type { ParsedChatAction } from '../chat/actions.ts';
import type { ChatCore } from '../chat/core.ts';
import { denied, notice } from '../chat/views/notices.ts';
import type { ChatContext, ChatResponse } from '../chat/ports.ts';
import type { HelpView, View } from '../chat/views/viewModel.ts';
import { contextNoteForm, CONTEXT_NOTE_MAX } from './contextNoteForm.ts';
import { buildStudentSelfView } from './selfView.ts';
import type { StudentViewSettings } from './settings.ts';
import { parseStudentCommand } from './studentCommands.ts';

/** The audit actions of a student's own looks and notes. */
export const STUDENT_AUDIT = {
  view: 'student-view-own',
  addNote: 'student-add-context-note',
  withdrawNote: 'student-withdraw-context-note',
  refused: 'student-refused',
} as const;

/** The furthest ahead a note's last day may be. */
const NOTE_MAX_DAYS = 366;
/** Weeks of trend a student's chart shows. */
const CHART_WEEKS = 12;

export const STUDENT_HELP: HelpView = {
  kind: 'help',
  commands: [
    { usage: 'me', description: 'your engagement in words, what data is used, and who to contact' },
    {
      usage: 'note <text> [until yyyy-mm-dd]',
      description: 'add a context note for your tutor (or "note" for a form)',
    },
    { usage: 'notes', description: 'your context notes, each with a button to withdraw it' },
    { usage: 'withdraw <note id>', description: 'withdraw one of your notes' },
    { usage: 'help', description: 'this list' },
  ],
  adminCommands: [],
};

const PERSONAL_ONLY = denied(
  'For your privacy Engage shows you your own engagement only in a personal chat with Engage (in Slack: your direct messages with Engage, or its Home tab). Nothing has been shown here.',
);

const ONLY_YOUR_OWN = denied(
  'Engage shows students their own engagement only: never another student, a group, a list or a case. Type "me" for yours. The request has been recorded.',
);

const reply = (view: View): ChatResponse => ({ view, mode: 'reply' });

interface Asker {
  student: Student;
  context: ChatContext;
  settings: StudentViewSettings;
}

export interface StudentChat {
  /** The answer to a student's typed text; null when the user is not a student Engage knows. */
  command(context: ChatContext, text: string): Promise<ChatResponse | null>;
  /** The answer to a student's button or form; null when the user is not a student Engage knows. */
  action(context: ChatContext, action: ParsedChatAction): Promise<ChatResponse | null>;
  /** A student's home tab (Slack App Home): their own view; null when not a student. */
  home(context: ChatContext): Promise<View | null>;
}

export function studentChat(core: ChatCore): StudentChat {
  const { repos } = core;

  /** The student behind the chat user and the settings, or the reply that stops here. */
  async function asker(context: ChatContext): Promise<Asker | { stop: View } | null> {
    const email = context.user.email;
    if (!email) return null;
    const student = await repos.institution.findStudentByEmail(email);
    if (!student) return null;
    const settings = await repos.studentView.settings();
    if (!settings.enabled) {
      return {
        stop: notice(
          'info',
          'Not switched on',
          `Your institution has not switched on Engage's student view, so there is nothing to show you here yet. ${settings.contactLine}`,
        ),
      };
    }
    if (context.place.kind !== 'personal') return { stop: PERSONAL_ONLY };
    return { student, context, settings };
  }

  const audit = (who: Asker, action: string) =>
    repos.audit.record({
      at: who.context.now,
      actor: `student:${who.student.id}`,
      studentId: who.student.id,
      action,
      where: whereOf(who.context.place),
    });

  async function refuse(who: Asker, what: string): Promise<ChatResponse> {
    await audit(who, `${STUDENT_AUDIT.refused}:${what}`);
    return reply(ONLY_YOUR_OWN);
  }

  async function ownView(who: Asker, confirmation: string | null = null): Promise<View> {
    const { student, context, settings } = who;
    const [history, sources, notes] = await Promise.all([
      repos.scores.historyFor(student.id),
      repos.sources.listSources(),
      repos.contextNotes.notesOf(student.id),
      audit(who, STUDENT_AUDIT.view),
    ]);
    const weeks = history.map((point) => ({
      week: point.week,
      score: point.score,
      sharedCause: point.sharedCause !== null,
    }));
    const shown = weeks.slice(-CHART_WEEKS);
    const chart =
      shown.length > 0
        ? await core.chart((charts) => charts.trend(shown, { forStudent: { scoreAxis: settings.showScore } }))
        : null;
    return buildStudentSelfView({
      firstName: student.name.split(' ')[0] ?? student.name,
      history: weeks,
      settings,
      sources,
      notes,
      today: core.localDate(context.now),
      localDate: (at) => core.localDate(at),
      chart,
      confirmation,
    });
  }

  /** Adds the note and answers with the refreshed view (`mode`), or says why it was not added. */
  async function addNote(
    who: Asker,
    text: string,
    until: string | null,
    mode: ChatResponse['mode'],
  ): Promise<ChatResponse> {
    const today = core.localDate(who.context.now);
    const problem = noteProblem(text, until, today);
    if (problem) return reply(notice('error', 'Note not added', problem));
    await repos.contextNotes.add({
      studentId: who.student.id,
      text: text.trim(),
      addedAt: who.context.now,
      until,
    });
    await audit(who, STUDENT_AUDIT.addNote);
    const confirmation = until
      ? `Note added: your tutor sees it until ${until}.`
      : 'Note added: your tutor sees it until you withdraw it.';
    return { view: await ownView(who, confirmation), mode };
  }

  /** Deletes the student's own note and answers with the refreshed view (`mode`), or says there is none. */
  async function withdraw(who: Asker, noteId: string, mode: ChatResponse['mode']): Promise<ChatResponse> {
    if (!(await repos.contextNotes.withdraw(who.student.id, noteId))) {
      return reply(
        notice('info', 'No such note', `You have no note "${noteId}". Type "notes" to see yours.`),
      );
    }
    await audit(who, STUDENT_AUDIT.withdrawNote);
    const confirmation = 'Note withdrawn: it has been deleted and your tutor no longer sees it.';
    return { view: await ownView(who, confirmation), mode };
  }

  return {
    async command(context, text) {
      const who = await asker(context);
      if (who === null) return null;
      if ('stop' in who) return reply(who.stop);
      const command = parseStudentCommand(text);
      switch (command.kind) {
        case 'help':
          return reply(STUDENT_HELP);
        case 'me':
        case 'notes':
          return reply(await ownView(who));
        case 'note-form':
          return { view: contextNoteForm(who.student), mode: 'modal' };
        case 'add-note':
          return addNote(who, command.text, command.until, 'reply');
        case 'withdraw':
          return withdraw(who, command.noteId, 'reply');
        case 'staff-only':
          return refuse(who, command.command);
        case 'too-long':
          return reply(
            notice(
              'info',
              'Too long to type',
              `That is longer than a typed command can be. Type "note" on its own for the form, which takes up to ${CONTEXT_NOTE_MAX} characters.`,
            ),
          );
        case 'unknown':
          return reply(
            notice(
              'info',
              'Not understood',
              `Engage did not understand "${command.text}". Type "help" to see what you can ask.`,
            ),
          );
      }
    },
    async action(context, action) {
      const who = await asker(context);
      if (who === null) return null;
      if ('stop' in who) return reply(who.stop);
      switch (action.op) {
        case 'showMyEngagement':
          return reply(await ownView(who));
        case 'openContextNoteForm':
          return { view: contextNoteForm(who.student), mode: 'modal' };
        case 'addContextNote':
          return addNote(who, action.text, action.until ?? null, 'update');
        case 'withdrawContextNote':
          return withdraw(who, action.noteId, 'update');
        default:
          return refuse(who, action.op);
      }
    },
    async home(context) {
      const who = await asker(context);
      if (who === null) return null;
      if ('stop' in who) return who.stop;
      return ownView(who);
    },
  };
}

/** Why a note cannot be added, or null: empty, too long, or a last day before today or over a year ahead. */
export function noteProblem(text: string, until: string | null, today: string): string | null {
  if (text.trim() === '') return 'A note needs some text: what should your tutor know?';
  if (text.trim().length > CONTEXT_NOTE_MAX)
    return `Please keep a note to ${CONTEXT_NOTE_MAX} characters or fewer.`;
  if (until === null) return null;
  const day = Date.parse(`${until}T00:00:00Z`);
  if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== until) {
    return `"${until}" is not a date: give the last day as yyyy-mm-dd.`;
  }
  if (until < today) return `The last day, ${until}, is before today (${today}).`;
  if (day - Date.parse(`${today}T00:00:00Z`) > NOTE_MAX_DAYS * 86_400_000) {
    return `The last day, ${until}, is more than a year ahead: leave it empty to keep the note until you withdraw it.`;
  }
  return null;
}
