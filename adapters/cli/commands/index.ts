/** The list of `engage` commands, in the order `engage --help` shows them. */
import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { scoreCommand } from './score.ts';
import { serveCommand } from './serve.ts';

export const COMMANDS: Command[] = [demoCommand, scoreCommand, serveCommand];
