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

/** Called for every key of a value, with the value schemas the key has there (one per union branch). */
export type KeyVisitor = (
  path: readonly (string | number)[],
  schemas: readonly z.ZodType[],
  value: unknown,
) => void;

/**
 * Walks a value as written (plain JSON from YAML) along the schema, calling `visit` for every object key
 * the schema knows, depth first; keys and elements the schema does not know are not descended into.
 */
export function visitKeys(schema: z.ZodType, value: unknown, visit: KeyVisitor): void {
  visitBelow(visit, { schemas: [schema], value, path: [] });
}

interface Visited {
  readonly schemas: readonly z.ZodType[];
  readonly value: unknown;
  readonly path: readonly (string | number)[];
}

function visitBelow(visit: KeyVisitor, { schemas, value, path }: Visited): void {
  if (schemas.length === 0 || value === null || typeof value !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [segment, child] of entries) {
    const next = schemas.flatMap((s) => children(s, segment));
    const at = [...path, segment];
    if (typeof segment === 'string' && next.length > 0) visit(at, next, child);
    visitBelow(visit, { schemas: next, value: child, path: at });
  }
}

/** One key of the schema: `Owner.key`, where Owner is the schema id (`Deployment`) or a nested path. */
export interface SchemaKey {
  /** `Deployment.image`, `Security.webhooks.admission.enabled`. */
  readonly name: string;
  /** The key's value schema (as written in the shape). */
  readonly schema: z.ZodType;
}

function idOf(schema: z.ZodType): string | undefined {
  const meta = (schema as unknown as { meta?: () => { id?: string } | undefined }).meta?.();
  return meta?.id;
}

/** The object schemas reachable below `schema` (through wrappers, unions, lists and maps). */
function objectsBelow(schema: z.ZodType): z.ZodType[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object') return [s];
  if (def.type === 'union') return (def.options ?? []).flatMap(objectsBelow);
  if (def.type === 'array' && def.element) return objectsBelow(def.element);
  if (def.type === 'record' && def.valueType) return objectsBelow(def.valueType);
  return [];
}

/**
 * Every key of every object of the schema, each object once: objects with a schema id are named by it,
 * anonymous ones by their owner's name and key. Keys below a key for which `stopBelow` is true are not
 * listed (e.g. below a key that is refused whole). For the test that every key is honoured or refused.
 */
export function listSchemaKeys(
  root: z.ZodType,
  stopBelow: (key: z.ZodType) => boolean = () => false,
): SchemaKey[] {
  const out: SchemaKey[] = [];
  const seen = new Set<z.ZodType>();
  const visitObject = (object: z.ZodType, fallbackName: string): void => {
    if (seen.has(object)) return;
    seen.add(object);
    const owner = idOf(object) ?? fallbackName;
    for (const [key, value] of Object.entries(defOf(object).shape ?? {})) {
      const name = `${owner}.${key}`;
      out.push({ name, schema: value });
      if (stopBelow(value)) continue;
      for (const below of objectsBelow(value)) visitObject(below, name);
    }
  };
  for (const object of objectsBelow(root)) visitObject(object, idOf(root) ?? 'root');
  return out;
}
