/**
 * The official Adaptive Card 1.5 JSON schema (draft-06, old `id` keyword) compiled with Ajv 8, so tests can
 * validate every generated card the way Teams would accept it. Returns the error list, empty when valid.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

const SCHEMA_PATH = '/work/shared/schemas/adaptive-card-1.5.schema.json';

function compile() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const { id, ...rest } = schema as { id: string };
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(draft06);
  // ajv-formats is CommonJS: Node's default import is its module.exports, whose `default` is the plugin.
  addFormats.default(ajv);
  return ajv.compile({ ...rest, $id: id });
}

const validate = compile();

export function adaptiveCardErrors(card: unknown): string[] {
  if (validate(card)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
