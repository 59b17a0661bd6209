import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { katalogJsonSchema } from '../generate/json-schema.ts';

interface Node {
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
}

describe('the Katalog schema', () => {
  it('documents every field and states its default (or that it is required)', () => {
    const defs = (katalogJsonSchema() as { definitions: Record<string, Node> }).definitions;
    const missing: string[] = [];
    const visit = (name: string, node: Node): void => {
      for (const [field, child] of Object.entries(node.properties ?? {})) {
        const required = node.required?.includes(field) ?? false;
        const documented = (child.description ?? '') !== '';
        const defaulted =
          required || child.default !== undefined || /Default: /.test(child.description ?? '');
        if (!documented || !defaulted) missing.push(`${name}.${field}`);
        visit(`${name}.${field}`, child);
      }
    };
    for (const [name, node] of Object.entries(defs)) visit(name, node);
    assert.deepEqual(missing, []);
  });
});
