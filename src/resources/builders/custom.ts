/** custom: any apiVersion/kind; every key the common fields do not claim is part of the object. */
import { CUSTOM_ENTRY_KEYS } from '../../plan/index.ts';
import type { CustomEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { renderDeep } from './render-fields.ts';

/**
 * Builds a custom object's body: `metadata` (merged into the generated metadata), `spec` and any other
 * top-level key, every string templated recursively.
 */
export function buildCustom(entry: CustomEntry, scope: BuildScope): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (!CUSTOM_ENTRY_KEYS.has(key) && value !== undefined) body[key] = renderDeep(value, scope);
  }
  return body;
}
