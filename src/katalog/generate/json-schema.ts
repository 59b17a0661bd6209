/** The Katalog's JSON Schema, generated from the zod schema (the one source of truth). */
import { z } from 'zod';
import { Katalog } from '../schema/katalog.ts';

/** Where the published schema lives, for the `# yaml-language-server: $schema=` modeline. */
export const KATALOG_SCHEMA_URL =
  'https://raw.githubusercontent.com/orkspace/orkestra/main/schema/katalog.schema.json';

/**
 * The JSON Schema (draft-07, which editors support best) of a Katalog file, describing what users write:
 * fields with defaults are optional, unknown fields are rejected (`additionalProperties: false`).
 */
export function katalogJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Katalog, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return { ...schema, $id: KATALOG_SCHEMA_URL };
}

/** The JSON Schema as the committed file's text (2-space JSON and a final newline). */
export function renderKatalogJsonSchema(): string {
  return `${JSON.stringify(katalogJsonSchema(), null, 2)}\n`;
}
