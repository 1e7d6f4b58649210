/** The list of `engage` commands, in the order `engage --help` shows them. */
import type { Command } from '../command.ts';
import { casesCommand } from './cases.ts';
import { courseworkCommand } from './coursework.ts';
import { demoCommand } from './demo.ts';
import { evaluateCommand } from './evaluate.ts';
import { importCommand } from './import.ts';
import { ingestCommand } from './ingest.ts';
import { outcomesCommand } from './outcomes.ts';
import { modelCommand } from './model.ts';
import { pullCommand } from './pull.ts';
import { quarantineCommand } from './quarantine.ts';
import { rulesCommand } from './rules.ts';
import { scoreCommand } from './score.ts';
import { serveCommand } from './serve.ts';
import { sourcesCommand } from './sources.ts';
import { studentCommand } from './student.ts';
import { studentsCommand } from './students.ts';

export const COMMANDS: Command[] = [
  demoCommand,
  importCommand,
  ingestCommand,
  outcomesCommand,
  courseworkCommand,
  pullCommand,
  sourcesCommand,
  quarantineCommand,
  studentsCommand,
  studentCommand,
  scoreCommand,
  evaluateCommand,
  modelCommand,
  rulesCommand,
  casesCommand,
  serveCommand,
];
