/** Recorded-shape Teams activities from tests/fixtures/teams/, each read fresh so a test can change its copy. */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/teams/', import.meta.url);

/** The channel the recorded channel activities come from, and the team it belongs to. */
export const CHANNEL = '19:4f1d9c2e8a7b4e0f9d3c6b5a2e1f0d9c@thread.tacv2';
export const TEAM = '19:8a2b7c6d5e4f4a3b9c8d7e6f5a4b3c2d@thread.tacv2';

export type TeamsFixture =
  | 'message-channel-mention'
  | 'message-personal'
  | 'message-submit-fallback'
  | 'invoke-adaptive-card-action'
  | 'conversation-update-bot-added'
  | 'installation-update-add-personal'
  | 'installation-update-remove'
  | 'conversation-update-bot-removed'
  | 'conversation-update-team-deleted'
  | 'conversation-update-team-hard-deleted'
  | 'conversation-update-channel-deleted'
  | 'message-personal-student'
  | 'team-member';

// The fixtures are JSON objects of arbitrary depth; tests reach into them by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function teamsFixture(name: TeamsFixture): any {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}
