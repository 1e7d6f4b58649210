/** Reading an adaptive card back in a Teams test: every object in it, depth first, to find by type or data. */

export interface CardNode {
  type?: string;
  data?: { op?: string; studentId?: string; exemptionId?: string };
  [key: string]: unknown;
}

export function* cardNodes(value: unknown): Generator<CardNode> {
  if (Array.isArray(value)) for (const item of value) yield* cardNodes(item);
  else if (value !== null && typeof value === 'object') {
    yield value as CardNode;
    for (const child of Object.values(value)) yield* cardNodes(child);
  }
}
