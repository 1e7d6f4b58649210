/**
 * What a student may type to Engage: `help`, `me` (their own view; also `my engagement`, `trend`), `notes`,
 * `note <text> [until yyyy-mm-dd]` (or `note` alone for the form), `withdraw <note id>`. Any staff command
 * is recognised as such so its refusal can say so; everything else is not understood.
 */
import { MAX_COMMAND_LENGTH, parseCommand } from '../chat/commands.ts';

export type StudentCommand =
  | { kind: 'help' }
  | { kind: 'me' }
  | { kind: 'notes' }
  | { kind: 'note-form' }
  | { kind: 'add-note'; text: string; until: string | null }
  | { kind: 'withdraw'; noteId: string }
  | { kind: 'staff-only'; command: string }
  | { kind: 'too-long' }
  | { kind: 'unknown'; text: string };

const ME = new Set(['me', 'my engagement', 'engagement', 'trend', 'my trend', 'home', 'show']);
const NOTES = new Set(['notes', 'my notes', 'context notes']);
const UNTIL = /\s+until\s+(\d{4}-\d{2}-\d{2})$/i;

export function parseStudentCommand(raw: string): StudentCommand {
  const parsed = parseCommand(raw);
  if (parsed.kind === 'help') return { kind: 'help' };
  if (parsed.kind !== 'unknown') return { kind: 'staff-only', command: parsed.kind };
  // A typed command is cut short past its limit; a longer note goes through the form.
  if (raw.trim().length > MAX_COMMAND_LENGTH) return { kind: 'too-long' };
  const text = parsed.text;
  const lower = text.toLowerCase();
  if (ME.has(lower)) return { kind: 'me' };
  if (NOTES.has(lower)) return { kind: 'notes' };
  const [word = '', ...rest] = text.split(' ');
  const verb = word.toLowerCase();
  const argument = rest.join(' ').trim();
  if (verb === 'note' || verb === 'add-note') {
    if (argument === '') return { kind: 'note-form' };
    const until = UNTIL.exec(argument);
    return until
      ? { kind: 'add-note', text: argument.slice(0, until.index).trim(), until: until[1] as string }
      : { kind: 'add-note', text: argument, until: null };
  }
  if (verb === 'withdraw' && /^\S+$/.test(argument)) return { kind: 'withdraw', noteId: argument };
  return { kind: 'unknown', text };
}
