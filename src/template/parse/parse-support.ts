/**
 * Small pieces the parser shares: its failure type, list end markers and the empty-tree test.
 */
import type { Item, ItemType } from '../lex/lexer.ts';
import type { ListNode } from './nodes.ts';

/**
 * The deepest nesting of parentheses and control structures (if, range, with, block; each `else if` nests
 * one level deeper) a template may have. Go stops parentheses at 10,000 levels (1,000 on WebAssembly, whose
 * stack is small); Node's stack is smaller still (~1 MB), and the parser, the load-time checks and the
 * executor each recurse once per level: at 500 levels every tree the parser accepts also runs (see the
 * executor's MAX_NESTING) with most of the stack to spare. No real template comes near it.
 */
export const MAX_PARSE_DEPTH = 500;

/** The message of a control structure nested past {@link MAX_PARSE_DEPTH} (Go has no such limit). */
export const NESTING_EXCEEDED = `max nesting depth exceeded (${MAX_PARSE_DEPTH} levels of control structures and parentheses)`;

/** A parse failure at a source offset; the caller turns it into a TemplateSyntaxError. */
export class ParseFailure extends Error {
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(message);
    this.pos = pos;
  }
}

/** `{{end}}` or `{{else}}` while parsing a list. */
export type EndMarker = { type: 'end'; pos: number } | ElseMarker;
/** `{{else}}`, possibly followed by a chained `if` or `with`. */
export interface ElseMarker {
  type: 'else';
  pos: number;
  chained: 'if' | 'with' | undefined;
}

/** Tells whether a tree holds only whitespace text (an empty definition). */
export function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) =>
    n.type === 'text' ? n.text.trim() === '' : n.type === 'list' && isEmptyList(n),
  );
}

/** Items that can start an operand. */
export const OPERAND_START: ReadonlySet<ItemType> = new Set([
  'bool',
  'charConstant',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

/** Items Go prints as `<keyword>`. */
const KEYWORD_ITEMS: ReadonlySet<ItemType> = new Set([
  'block',
  'break',
  'continue',
  'dot',
  'define',
  'else',
  'end',
  'if',
  'nil',
  'range',
  'template',
  'with',
]);

/** Describes an item as Go's item.String does, for "unexpected" messages. */
export function describe(it: Item): string {
  if (it.type === 'eof') return 'EOF';
  if (it.type === 'error') return it.val;
  if (KEYWORD_ITEMS.has(it.type)) return `<${it.val}>`;
  const chars = Array.from(it.val);
  if (chars.length > 10) return `${JSON.stringify(chars.slice(0, 10).join(''))}...`;
  return JSON.stringify(it.val);
}
