/**
 * Function signatures: the Go parameter types of a function (sprig's, for the catalog), checked at every
 * call as Go's text/template checks them, in Go's words. A parameter of a concrete type (string, int,
 * float64, bool, a list, a map) takes only a value of that type — a literal of another kind is "expected
 * integer; found "x"", any other value "wrong type for value; expected int; got string" —; an `any`
 * parameter (Go's interface{}) takes anything and the function converts it as sprig does.
 *
 * Where the engine relaxes Go (spec §6.5): nil fits every parameter and reaches the function, which reads it
 * as the type's zero value (`upper .spec.missing` is "", as a missing value is everywhere else); ints are one
 * type (Go's int64 results do not fit its int parameters; the engine has no such distinction).
 */
import type { ArgNode, NumberNode } from '../parse/nodes.ts';
import { nodeString } from '../parse/nodes.ts';
import type { Arity } from './func-types.ts';
import { arityProblem } from './func-types.ts';
import { isNil, kindOf, typeName } from './value.ts';
import type { GoKind } from './value.ts';

/** A parameter's Go type: a concrete one, or `any` (interface{}). */
export type ParamType = 'string' | 'int' | 'float64' | 'bool' | 'list' | 'map' | 'any';

/** What a function takes. */
export interface Signature {
  /** The parameter types in order, when the arguments are all written out. */
  readonly params: readonly ParamType[];
  /** How many of `params` are required (the rest are optional). */
  readonly required: number;
  /** The type of every further argument, for a variadic function. */
  readonly variadic: ParamType | undefined;
  /** The types when the last argument is piped, where the function reads its arguments differently. */
  readonly piped?: Signature | undefined;
}

const TYPES: ReadonlySet<string> = new Set(['string', 'int', 'float64', 'bool', 'list', 'map', 'any']);

function paramType(word: string, notation: string): ParamType {
  if (!TYPES.has(word)) throw new Error(`signature "${notation}": unknown type "${word}"`);
  return word as ParamType;
}

/**
 * A signature from its notation: types separated by spaces, `?` after an optional one, `...` before the
 * variadic rest — `int string`, `string any?`, `map ...map`, `...any`, `` (none).
 */
export function signature(notation: string, piped?: string): Signature {
  const words = notation.split(' ').filter((w) => w !== '');
  const last = words.at(-1);
  const variadic = last?.startsWith('...') === true ? paramType(last.slice(3), notation) : undefined;
  const fixed = variadic === undefined ? words : words.slice(0, -1);
  const params = fixed.map((w) => paramType(w.replace(/\?$/, ''), notation));
  const required = fixed.filter((w) => !w.endsWith('?')).length;
  return { params, required, variadic, piped: piped === undefined ? undefined : signature(piped) };
}

/** The number of arguments a signature takes. */
export function arityOfSignature(s: Signature): Arity {
  return [s.required, s.variadic === undefined ? s.params.length : undefined];
}

/** Go's spelling of a parameter type. */
const GO_TYPE: Readonly<Record<Exclude<ParamType, 'any'>, string>> = {
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  list: '[]interface {}',
  map: 'map[string]interface {}',
};

/** The value kind each concrete type takes. */
const KIND: Readonly<Record<Exclude<ParamType, 'any'>, GoKind>> = {
  string: 'string',
  int: 'int',
  float64: 'float',
  bool: 'bool',
  list: 'slice',
  map: 'map',
};

/** A literal argument node: what Go checks by its syntax rather than by its value. */
export type LiteralNode = Extract<ArgNode, { type: 'string' | 'number' | 'bool' }>;

/** Tells whether an argument node is a string, number or bool constant. */
export function isLiteral(node: ArgNode | undefined): node is LiteralNode {
  return node?.type === 'string' || node?.type === 'number' || node?.type === 'bool';
}

/** Go's parser marks a number literal as an int when it is one, or a float with a whole value in int64. */
function isIntLiteral(n: NumberNode): boolean {
  return Number.isInteger(n.value) && Math.abs(n.value) < 2 ** 63;
}

type Concrete = Exclude<ParamType, 'any'>;

/** Which literals each concrete type takes (Go's evalArg decides by the node, not by a value). */
const LITERAL_FITS: Readonly<Record<Concrete, (n: LiteralNode) => boolean>> = {
  string: (n) => n.type === 'string',
  int: (n) => n.type === 'number' && isIntLiteral(n),
  float64: (n) => n.type === 'number',
  bool: (n) => n.type === 'bool',
  list: () => false,
  map: () => false,
};

/** Go's words for a literal of the wrong kind, by parameter type. */
const LITERAL_EXPECTED: Partial<Readonly<Record<Concrete, string>>> = {
  string: 'expected string',
  int: 'expected integer',
  float64: 'expected float',
  bool: 'expected bool',
};

/** What Go's evalArg says of a literal of the wrong kind for `type`; undefined when it fits. */
export function literalProblem(type: ParamType, node: LiteralNode): string | undefined {
  if (type === 'any' || LITERAL_FITS[type](node)) return undefined;
  const expected = LITERAL_EXPECTED[type];
  const found = nodeString(node);
  return expected === undefined
    ? `can't handle ${found} for arg of type ${GO_TYPE[type]}`
    : `${expected}; found ${found}`;
}

/** What Go's validateType says of a value of the wrong type for `type`; undefined when it fits (nil always does). */
export function valueProblem(type: ParamType, value: unknown): string | undefined {
  if (type === 'any' || isNil(value) || kindOf(value) === KIND[type]) return undefined;
  return `wrong type for value; expected ${GO_TYPE[type]}; got ${typeName(value)}`;
}

/** The type of argument `i` of `n` (the last piped when `piped`), or undefined past the signature. */
export function paramAt(s: Signature, i: number, piped: boolean): ParamType | undefined {
  const used = piped && s.piped !== undefined ? s.piped : s;
  return used.params[i] ?? used.variadic;
}

/** One argument of a call, as the checks see it: its node (none for a piped value) and its value if known. */
export interface CallArgument {
  readonly node: ArgNode | undefined;
  readonly value?: unknown;
}

/** The first argument of a call that does not fit the signature: its message and index. */
export function argumentProblem(
  s: Signature,
  args: readonly CallArgument[],
  piped: boolean,
): { message: string; index: number } | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const type = paramAt(s, i, piped);
    if (arg === undefined || type === undefined) continue;
    const message = isLiteral(arg.node)
      ? literalProblem(type, arg.node)
      : 'value' in arg
        ? valueProblem(type, arg.value)
        : undefined;
    if (message !== undefined) return { message, index: i };
  }
  return undefined;
}

/** The checks of one call: its arity and, for a function that has one, its signature. */
export interface CallRules {
  readonly arity: Arity | undefined;
  readonly signature?: Signature | undefined;
}

/** A call's arguments: the nodes written (the first is the function's first argument) and all values. */
export interface CallValues {
  readonly argNodes: readonly ArgNode[];
  readonly values: readonly unknown[];
  readonly piped: boolean;
}

/**
 * What is wrong with a call, checked as Go checks it before calling: the number of arguments, then each
 * argument's type; with the argument node to report it at (none: at the function, for a piped value).
 */
export function callProblem(
  name: string,
  rules: CallRules,
  call: CallValues,
): { message: string; node: ArgNode | undefined } | undefined {
  const n = call.values.length;
  const wrongCount = rules.arity === undefined ? undefined : arityProblem(name, n, rules.arity);
  if (wrongCount !== undefined) return { message: wrongCount, node: undefined };
  if (rules.signature === undefined) return undefined;
  const args = call.values.map((value, i) => ({ node: call.argNodes[i], value }));
  const wrong = argumentProblem(rules.signature, args, call.piped);
  return wrong === undefined ? undefined : { message: wrong.message, node: call.argNodes[wrong.index] };
}

const SIGNATURES = new WeakMap<object, Signature>();

/** Records the signature of a function; the executor checks it at every call. Returns the function. */
export function withSignature<T extends object>(fn: T, s: Signature): T {
  SIGNATURES.set(fn, s);
  return fn;
}

/** The recorded signature of a function; undefined: its arguments are not checked. */
export function signatureOf(fn: object): Signature | undefined {
  return SIGNATURES.get(fn);
}
