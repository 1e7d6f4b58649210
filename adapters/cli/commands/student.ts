/**
 * `engage student <id or name>`: one student's trend, explanation, case and contacts, and any known reason in
 * force. The lookup is audited.
 */
import { userInfo } from 'node:os';
import { formatCount, moreMatchesLine } from '../../../src/chat/views/viewFormat.ts';
import { exemptUntilLine } from '../../../src/exemptions/exemptionRules.ts';
import { lookupStudent } from '../../../src/weekly/studentView.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { formatTable } from '../output.ts';
import { renderStudentView } from '../render/studentView.ts';
import { withRepositories } from '../session.ts';

export const studentCommand: Command = {
  usage: 'engage student <id or name> [--json]',
  options: {},
  optionHelp: [],
  examples: ['engage student S0000123', 'engage student "Amara Okafor"', 'engage student S0000123 --json'],
  async run(context) {
    const query = context.positionals.join(' ').trim();
    if (!query) throw new UsageError('give a student id or name');
    const viewer = { actor: `cli:${userInfo().username}`, where: 'cli' };
    const now = context.now();
    const { result, contextNotes, exemption } = await withRepositories(context.env, async (repos) => {
      const result = await lookupStudent(repos, query, viewer, { now });
      const today = now.toISOString().slice(0, 10);
      // The student's own current notes for their tutor, as on the chat card (docs/students.md).
      const contextNotes =
        result.kind === 'found' ? await repos.contextNotes.currentFor(result.view.student.id, today) : [];
      // A known reason in force, as on the chat card (docs/rules.md).
      const exemption =
        result.kind === 'found' ? await repos.exemptions.currentFor(result.view.student.id, today) : null;
      return { result, contextNotes, exemption };
    });
    if (result.kind === 'not-found') {
      context.out.error(`No student matches "${query}".`);
      return EXIT.failure;
    }
    if (result.kind === 'ambiguous') {
      if (context.json) context.out.json(result);
      else {
        context.out.line(
          result.total === 1
            ? `1 student matches "${query}"; give more of the name or the id:`
            : `${formatCount(result.total)} students match "${query}", best matches first; give the id:`,
        );
        for (const line of formatTable(
          result.candidates.map((c) => [c.id, c.name, c.programmeId, `year ${c.yearOfStudy}`]),
        ))
          context.out.line(`  ${line}`);
        const hidden = result.total - result.candidates.length;
        if (hidden > 0) context.out.line(`  ${moreMatchesLine(hidden)}`);
      }
      return EXIT.failure;
    }
    if (context.json) {
      context.out.json({ ...result.view, contextNotes, exemption });
      return EXIT.ok;
    }
    for (const line of renderStudentView(result.view)) context.out.line(line);
    if (exemption)
      context.out.line(`${exemptUntilLine(exemption)}${exemption.note ? `: ${exemption.note}` : ''}`);
    for (const note of contextNotes) {
      const until = note.until ? `, until ${note.until}` : '';
      context.out.line(
        `Context note from the student (added ${note.addedAt.toISOString().slice(0, 10)}${until}): ${note.text}`,
      );
    }
    return EXIT.ok;
  },
};
