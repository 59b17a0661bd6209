/** Walks the zod schema along a YAML path to find which keys an object there accepts. */
import type { z } from 'zod';

interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type)
      ? def.innerType
      : def.type === 'pipe'
        ? def.in
        : def.type === 'lazy'
          ? def.getter?.()
          : undefined;
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function children(schema: z.ZodType, segment: string | number): z.ZodType[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'union') return (def.options ?? []).flatMap((o) => children(o, segment));
  const next =
    def.type === 'object'
      ? def.shape?.[String(segment)]
      : def.type === 'array' && typeof segment === 'number'
        ? def.element
        : def.type === 'record'
          ? def.valueType
          : undefined;
  return next === undefined ? [] : [next];
}

function ownKeys(schema: z.ZodType): string[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'union') return (def.options ?? []).flatMap(ownKeys);
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  return [];
}

/** The keys accepted by the object(s) the schema allows at `path` (all union branches together). */
export function acceptedKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of path) current = current.flatMap((s) => children(s, segment));
  return [...new Set(current.flatMap(ownKeys))];
}
