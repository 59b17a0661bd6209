/**
 * What a template reads, found by walking its parse tree without running it: the data paths it reads from
 * the root of the context (`spec.image`, `metadata.name`, `children.web`), and the functions whose result
 * is not a function of their arguments (the clock, randomness). A later reconcile may skip rendering when
 * none of these changed; anything it cannot see through (the whole context passed on) is reported as `.`.
 */
import { parseSource } from './parse/parser.ts';
import type { ArgNode, ItemNode, ListNode, PipeNode } from './parse/nodes.ts';

/**
 * The catalog's functions whose result depends on more than their arguments: the clock (`now`, `date`,
 * `timeAgo`, `nextCron` without a time) and the random source.
 */
export const IMPURE_FUNCTIONS: ReadonlySet<string> = new Set([
  'now',
  'date',
  'timeAgo',
  'nextCron',
  'randomAlphanumeric',
  'randomHex',
  'uuidv4',
]);

/** What one template reads. */
export interface TemplateInputs {
  /** Dotted paths read from the root of the context, sorted; `.` when the whole context is read. */
  readonly paths: readonly string[];
  /** Impure functions called, sorted. */
  readonly impure: readonly string[];
  /** Every function called (built-ins, catalog and notes), sorted. */
  readonly functions: readonly string[];
}

interface Walk {
  readonly paths: Set<string>;
  readonly functions: Set<string>;
}

/** The path of a field chain on the root, or `.` for the root itself. */
const pathOf = (ident: readonly string[]): string => (ident.length === 0 ? '.' : ident.join('.'));

function visitArg(walk: Walk, arg: ArgNode, rootDot: boolean): void {
  switch (arg.type) {
    case 'field':
      if (rootDot) walk.paths.add(pathOf(arg.ident));
      return;
    case 'dot':
      if (rootDot) walk.paths.add('.');
      return;
    case 'variable':
      // `$` is the root whatever dot is; other variables hold values read where they were declared
      if (arg.ident[0] === '$') walk.paths.add(pathOf(arg.ident.slice(1)));
      return;
    case 'chain':
      visitArg(walk, arg.node, rootDot);
      return;
    case 'pipe':
      visitPipe(walk, arg, rootDot);
      return;
    case 'identifier':
      walk.functions.add(arg.name);
      return;
    default:
      return;
  }
}

function visitPipe(walk: Walk, pipe: PipeNode, rootDot: boolean): void {
  for (const cmd of pipe.cmds) for (const arg of cmd.args) visitArg(walk, arg, rootDot);
}

function visitItem(walk: Walk, node: ItemNode, rootDot: boolean): void {
  switch (node.type) {
    case 'action':
      visitPipe(walk, node.pipe, rootDot);
      return;
    case 'list':
      visitList(walk, node, rootDot);
      return;
    case 'if':
      visitPipe(walk, node.pipe, rootDot);
      visitList(walk, node.list, rootDot);
      if (node.elseList) visitList(walk, node.elseList, rootDot);
      return;
    case 'range':
    case 'with':
      // inside, dot is (a part of) the pipeline's value, already counted as read
      visitPipe(walk, node.pipe, rootDot);
      visitList(walk, node.list, false);
      if (node.elseList) visitList(walk, node.elseList, rootDot);
      return;
    case 'template':
      // a defined template sees what it is given: counted as read where it is passed
      if (node.pipe) visitPipe(walk, node.pipe, rootDot);
      return;
    default:
      return;
  }
}

function visitList(walk: Walk, list: ListNode, rootDot: boolean): void {
  for (const node of list.nodes) visitItem(walk, node, rootDot);
}

/**
 * The inputs of a template; undefined when it does not parse (the Katalog check reports that). Defined
 * templates (`define`) are walked with dot unknown: what they read comes from what they are given.
 */
export function templateInputs(source: string): TemplateInputs | undefined {
  let parsed;
  try {
    parsed = parseSource(source);
  } catch {
    return undefined;
  }
  const walk: Walk = { paths: new Set(), functions: new Set() };
  visitList(walk, parsed.root, true);
  for (const body of parsed.defines.values()) visitList(walk, body, false);
  for (const used of parsed.functionsUsed) walk.functions.add(used.name);
  const functions = [...walk.functions].sort();
  return {
    paths: [...walk.paths].sort(),
    impure: functions.filter((f) => IMPURE_FUNCTIONS.has(f)),
    functions,
  };
}
