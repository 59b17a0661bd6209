/** Renders the Katalog reference (docs/reference/katalog.md) from the generated JSON Schema. */
import { katalogJsonSchema } from './json-schema.ts';

interface JsonSchema {
  readonly type?: string | string[];
  readonly $ref?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly required?: readonly string[];
  readonly pattern?: string;
}

const anchor = (name: string): string => name.toLowerCase();

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function objectType(s: JsonSchema): string {
  if (s.properties !== undefined) return 'object (below)';
  return `map of ${typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties) : 'any'}`;
}

function plainType(s: JsonSchema): string {
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object') return objectType(s);
  if (s.pattern?.includes('ms|s|m|h|d|w|y')) return 'duration';
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

const RULES: readonly ((s: JsonSchema) => string | undefined)[] = [
  (s) => (s.$ref === undefined ? undefined : `[${refName(s.$ref)}](#${anchor(refName(s.$ref))})`),
  (s) => (s.const === undefined ? undefined : `\`${JSON.stringify(s.const)}\``),
  (s) => s.enum?.map((v) => `\`${JSON.stringify(v).replace(/^"|"$/g, '')}\``).join(' \\| '),
  (s) => s.anyOf?.map(typeOf).join(' \\| '),
  (s) => (s.allOf?.length === 1 && s.allOf[0] ? typeOf(s.allOf[0]) : undefined),
];

function typeOf(s: JsonSchema): string {
  for (const rule of RULES) {
    const text = rule(s);
    if (text !== undefined) return text;
  }
  return plainType(s);
}

function defaultOf(s: JsonSchema, required: boolean): string {
  if (s.default !== undefined) return `\`${JSON.stringify(s.default)}\``;
  const m = /Default: ([^.]*(?:\.[^ ][^.]*)*)\.?$/.exec(s.description ?? '');
  if (m?.[1] !== undefined) return m[1];
  return required ? '**required**' : '—';
}

function describe(s: JsonSchema): string {
  return (s.description ?? '').replace(/\s*Default: .*$/, '').replace(/\|/g, '\\|');
}

function table(s: JsonSchema): string[] {
  const rows = Object.entries(s.properties ?? {}).map(([name, field]) => {
    const required = s.required?.includes(name) ?? false;
    return `| \`${name}\` | ${typeOf(field)} | ${defaultOf(field, required)} | ${describe(field)} |`;
  });
  if (rows.length === 0) return [];
  return ['| field | type | default | description |', '|---|---|---|---|', ...rows];
}

function nested(name: string, s: JsonSchema): [string, JsonSchema][] {
  const inner = (f: JsonSchema): JsonSchema => (f.type === 'array' && f.items ? f.items : f);
  return Object.entries(s.properties ?? {})
    .filter(([, f]) => inner(f).properties !== undefined)
    .map(([field, f]) => [`${name}.${field}`, inner(f)]);
}

function section(name: string, s: JsonSchema): string[] {
  const body = s.properties !== undefined ? table(s) : [`A ${typeOf(s)}.`];
  const own = [`## ${name}`, '', ...(s.description ? [s.description, ''] : []), ...body, ''];
  return [...own, ...nested(name, s).flatMap(([n, f]) => section(n, f))];
}

/** The full reference page, generated; do not edit by hand (run `npm run generate`). */
export function renderReferenceDocs(): string {
  const schema = katalogJsonSchema() as { definitions?: Record<string, JsonSchema> };
  const defs = schema.definitions ?? {};
  const intro = [
    '# Katalog reference',
    '',
    '<!-- Generated from src/katalog/schema by `npm run generate`; do not edit. -->',
    '',
    'Every field of a Katalog file, its type, its default and what it does. Unknown fields are errors.',
    'Strings containing `{{` are templates. Durations are written like `30s`, `5m`, `1h30m`, `500ms`, `30d`.',
    'Editors validate and complete Katalogs with `schema/katalog.schema.json`: start a file with',
    '`# yaml-language-server: $schema=<path or URL of katalog.schema.json>`.',
    '',
    'Fields marked **Not supported yet** are part of the language but not honoured by the runtime today:',
    '`ork validate` and `ork run` refuse a Katalog that sets one (except to the value that asks for nothing,',
    'when one is named), at the field’s position, rather than accept it and ignore it.',
    '',
    'Decisions where the language contract is silent: a condition needs exactly one operator; `exists: false`',
    'means `notExists`; resource names default to `{{ .metadata.name }}` for every kind; mutation values are',
    'typed `auto` by default (numeric text becomes a number, `true`/`false` a boolean); `cross.as` defaults to',
    'the `crd` key; `apiTypes.plural` defaults to the lowercase kind pluralised (`Policy` → `policies`).',
    '',
    'Checked at load, where written, against what the runtime and the API server can use: durations are at',
    'most `1000y`, and `resync`, timeouts, retry delays and certificate validities are longer than 0 (a long',
    'one such as `resync: 30d` works: timers wait in steps Node can hold); a retry backoff’s `max` is at least',
    'its `initial`; ports are 1-65535 and counts (replicas, backoffLimit, seconds) non-negative int32; literal',
    'label keys, label values (at most 63 characters), annotation keys, namespaces and child names follow',
    'the API server’s rules (a Service name is a DNS-1035 label, a Namespace a DNS-1123 label, RBAC names',
    'path segments, others DNS-1123 subdomains); the key `__proto__` is refused. A name or label that a',
    'template renders is checked the same way before any API call, as a reconcile error naming the entry.',
    'Regular expressions (`regex`) are Go’s (RE2 syntax, matched anywhere in the field in linear time): a',
    'lookahead, lookbehind, backreference or possessive repeat is a load error.',
    '',
  ];
  return [...intro, ...Object.entries(defs).flatMap(([name, s]) => section(name, s))].join('\n');
}
