/**
 * Renders any chat view as an Adaptive Card 1.5 for Teams and the local preview: the view kind's template
 * from `cards/<kind>.json` expanded with adaptivecards-templating over the data from cardData.ts. Buttons
 * are Action.Execute (verb "engage", data = the ChatAction) falling back to Action.Submit. A card that
 * would exceed TEAMS_CARD_MAX_BYTES is rebuilt with fewer list rows ("and 12 more") rather than failing.
 */
import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import type { View, ViewKind } from '../../src/chat/views/viewModel.ts';
import { cardData } from './cardData.ts';
import { TEAMS_CARD_MAX_BYTES, TEAMS_ROW_CAPS } from './limits.ts';

/** An Adaptive Card as JSON, ready to send as an `application/vnd.microsoft.card.adaptive` attachment. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [property: string]: unknown;
}

/** The verb every Action.Execute carries; the Teams adapter routes `adaptiveCard/action` invokes by it. */
export const ENGAGE_VERB = 'engage';

const TEMPLATE_DIR = new URL('../../cards/', import.meta.url);
const templates = new Map<ViewKind, ACData.Template>();

function templateFor(kind: ViewKind): ACData.Template {
  let template = templates.get(kind);
  if (!template) {
    const json: unknown = JSON.parse(readFileSync(new URL(`${kind}.json`, TEMPLATE_DIR), 'utf8'));
    template = new ACData.Template(json);
    templates.set(kind, template);
  }
  return template;
}

/** Size of the card as Teams counts it: the serialised JSON in UTF-16. */
export function cardBytes(card: AdaptiveCard): number {
  return JSON.stringify(card).length * 2;
}

function expand(view: View, rowCap: number): AdaptiveCard {
  return templateFor(view.kind).expand({ $root: cardData(view, rowCap) }) as AdaptiveCard;
}

export function renderAdaptiveCard(view: View): AdaptiveCard {
  let card = expand(view, TEAMS_ROW_CAPS[0]);
  for (const rowCap of TEAMS_ROW_CAPS.slice(1)) {
    if (cardBytes(card) <= TEAMS_CARD_MAX_BYTES) return card;
    card = expand(view, rowCap);
  }
  return card;
}
