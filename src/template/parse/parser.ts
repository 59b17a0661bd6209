/**
 * The parser: items → trees, one per template name (the main one plus each `define`/`block`), following Go's
 * text/template/parse, including its error messages.
 */
import { lex } from '../lex/lexer.ts';
import type { Item, ItemType } from '../lex/lexer.ts';
import { parseNumber, unquoteRune, unquoteString } from './literal.ts';
import { OPERAND_START, ParseFailure, describe, isEmptyList } from './parse-support.ts';
import { MAX_PARSE_DEPTH, NESTING_EXCEEDED } from './parse-support.ts';
import type { ElseMarker, EndMarker } from './parse-support.ts';

export { ParseFailure } from './parse-support.ts';
import { nodeString } from './nodes.ts';
import type {
  ActionNode,
  ArgNode,
  BranchNode,
  CommandNode,
  ItemNode,
  ListNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.ts';

/** The result of parsing one source: the main tree, the defined trees and every function name used. */
export interface ParseResult {
  root: ListNode;
  defines: Map<string, ListNode>;
  functionsUsed: { name: string; pos: number }[];
}

/** Options of {@link parseSource}. */
export interface ParseOptions {
  /** Names callable as functions; an unknown name is an error. Undefined skips the check. */
  functions?: ReadonlySet<string> | undefined;
}

/** Parses template source; throws {@link ParseFailure}. */
export function parseSource(source: string, options: ParseOptions = {}): ParseResult {
  return new Parser(source, options).parseAll();
}

const LITERALS: ReadonlySet<string> = new Set(['bool', 'string', 'number', 'nil', 'dot']);

const TERMS: Partial<Record<ItemType, (p: Parser, it: Item) => ArgNode>> = {
  identifier: (p, it) => p.identifier(it),
  dot: (_p, it) => ({ type: 'dot', pos: it.pos }),
  nil: (_p, it) => ({ type: 'nil', pos: it.pos }),
  variable: (p, it) => p.useVar(it),
  field: (_p, it) => ({ type: 'field', pos: it.pos, ident: [it.val.slice(1)] }),
  bool: (_p, it) => ({ type: 'bool', pos: it.pos, value: it.val === 'true' }),
  charConstant: (p, it) => p.number(it),
  number: (p, it) => p.number(it),
  leftParen: (p, it) =>
    p.nested(it.pos, 'max expression depth exceeded', () =>
      p.pipeline('parenthesized pipeline', 'rightParen'),
    ),
  string: (p, it) => ({ type: 'string', pos: it.pos, quoted: it.val, value: p.unquote(it) }),
  rawString: (p, it) => ({ type: 'string', pos: it.pos, quoted: it.val, value: p.unquote(it) }),
};

class Parser {
  readonly items: Item[];
  readonly options: ParseOptions;
  index = 0;
  vars: string[] = ['$'];
  rangeDepth = 0;
  /** Open parentheses and control structures around the current item. */
  depth = 0;
  readonly defines = new Map<string, ListNode>();
  readonly functionsUsed: { name: string; pos: number }[] = [];

  constructor(source: string, options: ParseOptions) {
    this.items = lex(source);
    this.options = options;
  }

  /**
   * Parses something nested (a parenthesized pipeline, a control structure): the parser recurses for each
   * level, so the levels are bounded as Go bounds its parentheses (see MAX_PARSE_DEPTH).
   */
  nested<T>(pos: number, message: string, parse: () => T): T {
    if (this.depth >= MAX_PARSE_DEPTH) this.fail(message, pos);
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  fail(message: string, pos?: number): never {
    throw new ParseFailure(message, pos ?? this.current().pos);
  }

  current(): Item {
    return (
      this.items[Math.max(0, Math.min(this.index - 1, this.items.length - 1))] ?? {
        type: 'eof',
        val: '',
        pos: 0,
        line: 1,
      }
    );
  }

  next(): Item {
    const it = this.items[this.index] ?? this.items[this.items.length - 1];
    if (it === undefined) return { type: 'eof', val: '', pos: 0, line: 1 };
    if (it.type === 'error') throw new ParseFailure(it.val, it.pos);
    if (this.index < this.items.length) this.index++;
    return it;
  }

  backup(n = 1): void {
    this.index -= n;
  }

  peek(): Item {
    const it = this.next();
    this.backup();
    return it;
  }

  nextNonSpace(): Item {
    let it = this.next();
    while (it.type === 'space') it = this.next();
    return it;
  }

  peekNonSpace(): Item {
    const it = this.nextNonSpace();
    this.backup();
    return it;
  }

  expect(type: ItemType, context: string): Item {
    const it = this.nextNonSpace();
    if (it.type !== type) this.unexpected(it, context);
    return it;
  }

  unexpected(it: Item, context: string): never {
    if (it.type === 'error') this.fail(it.val, it.pos);
    this.fail(`unexpected ${describe(it)} in ${context}`, it.pos);
  }

  parseAll(): ParseResult {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const at = this.index;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.index = at;
      }
      const node = this.textOrAction();
      if (node.type === 'end' || node.type === 'else')
        this.fail(`unexpected ${node.type === 'end' ? '{{end}}' : '{{else}}'}`, node.pos);
      root.nodes.push(node);
    }
    return { root, defines: this.defines, functionsUsed: this.functionsUsed };
  }

  parseDefinition(): void {
    const context = 'define clause';
    const nameItem = this.nextNonSpace();
    if (nameItem.type !== 'string' && nameItem.type !== 'rawString') this.unexpected(nameItem, context);
    const name = this.unquote(nameItem);
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const { list, end } = this.itemList();
    this.vars = saved;
    if (end.type !== 'end') this.fail(`unexpected {{else}} in ${context}`, end.pos);
    this.addDefine(name, list);
  }

  addDefine(name: string, list: ListNode): void {
    const existing = this.defines.get(name);
    if (existing === undefined || isEmptyList(existing)) {
      this.defines.set(name, list);
      return;
    }
    if (!isEmptyList(list)) this.fail(`template: multiple definition of template "${name}"`, list.pos);
  }

  /** Parses nodes until `{{end}}` or `{{else}}`. */
  itemList(): { list: ListNode; end: EndMarker } {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, end: n };
      list.nodes.push(n);
    }
    this.fail('unexpected EOF');
  }

  textOrAction(): ItemNode | EndMarker {
    const it = this.nextNonSpace();
    switch (it.type) {
      case 'text':
        return { type: 'text', pos: it.pos, text: it.val };
      case 'leftDelim':
        return this.action();
      case 'comment':
        return { type: 'list', pos: it.pos, nodes: [] };
      default:
        this.unexpected(it, 'input');
    }
  }

  action(): ItemNode | EndMarker {
    const it = this.nextNonSpace();
    switch (it.type) {
      case 'block':
        return this.nested(it.pos, NESTING_EXCEEDED, () => this.blockControl());
      case 'break':
      case 'continue':
        return this.loopControl(it);
      case 'else':
        return this.elseControl(it);
      case 'end':
        this.expect('rightDelim', 'end');
        return { type: 'end', pos: it.pos };
      case 'if':
      case 'range':
      case 'with': {
        const kind = it.type;
        return this.nested(it.pos, NESTING_EXCEEDED, () => this.branchControl(kind, it.pos));
      }
      case 'template':
        return this.templateControl(it.pos);
      default:
        break;
    }
    this.backup();
    const pos = this.peek().pos;
    const action: ActionNode = { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
    return action;
  }

  loopControl(it: Item): ItemNode {
    const after = this.nextNonSpace();
    if (after.type !== 'rightDelim') this.unexpected(after, `{{${it.type}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${it.type}}} outside {{range}}`, it.pos);
    return { type: it.type as 'break' | 'continue', pos: it.pos };
  }

  elseControl(it: Item): EndMarker {
    const p = this.peekNonSpace();
    if (p.type === 'if' || p.type === 'with') return { type: 'else', pos: it.pos, chained: p.type };
    this.expect('rightDelim', 'else');
    return { type: 'else', pos: it.pos, chained: undefined };
  }

  branchControl(kind: 'if' | 'range' | 'with', pos: number): BranchNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const { list, end } = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (end.type === 'else') elseList = this.elseBranch(kind, end);
    this.vars.length = mark;
    return { type: kind, pos, pipe, list, elseList };
  }

  elseBranch(kind: 'if' | 'range' | 'with', end: ElseMarker): ListNode {
    if (end.chained !== undefined && end.chained === kind) {
      const it = this.nextNonSpace();
      const inner = this.nested(it.pos, NESTING_EXCEEDED, () => this.branchControl(kind, it.pos));
      return { type: 'list', pos: end.pos, nodes: [inner] };
    }
    const { list, end: end2 } = this.itemList();
    if (end2.type !== 'end') this.fail(`expected end; found {{else}}`, end2.pos);
    return list;
  }

  templateControl(pos: number): TemplateNode {
    const context = 'template clause';
    const nameItem = this.nextNonSpace();
    const name = this.parseTemplateName(nameItem, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos, name, pipe };
  }

  blockControl(): TemplateNode {
    const context = 'block clause';
    const nameItem = this.nextNonSpace();
    const name = this.parseTemplateName(nameItem, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const savedVars = this.vars;
    const savedDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const { list, end } = this.itemList();
    this.vars = savedVars;
    this.rangeDepth = savedDepth;
    if (end.type !== 'end') this.fail(`unexpected {{else}} in ${context}`, end.pos);
    this.addDefine(name, list);
    return { type: 'template', pos: nameItem.pos, name, pipe };
  }

  parseTemplateName(it: Item, context: string): string {
    if (it.type !== 'string' && it.type !== 'rawString') this.unexpected(it, context);
    return this.unquote(it);
  }

  unquote(it: Item): string {
    try {
      return unquoteString(it.val);
    } catch (e) {
      return this.fail((e as Error).message, it.pos);
    }
  }

  pipeline(context: string, end: ItemType): PipeNode {
    const pipe: PipeNode = {
      type: 'pipe',
      pos: this.peekNonSpace().pos,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    this.declarations(pipe, context);
    for (;;) {
      const it = this.nextNonSpace();
      if (it.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (!OPERAND_START.has(it.type)) this.unexpected(it, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const startIndex = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        this.nextNonSpace();
        pipe.isAssign = next.type === 'assign';
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        this.secondRangeVariable(pipe, context);
        continue;
      }
      this.index = startIndex;
      return;
    }
  }

  secondRangeVariable(pipe: PipeNode, context: string): void {
    if (context === 'range' && pipe.decl.length < 2) {
      const t = this.peekNonSpace().type;
      if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') return;
      this.fail('range can only initialize variables');
    }
    this.fail(`too many declarations in ${context}`);
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]?.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.fail(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const it = this.next();
      if (it.type === 'space') continue;
      if (it.type === 'rightDelim' || it.type === 'rightParen') this.backup();
      else if (it.type !== 'pipe') this.unexpected(it, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    if (node.type === 'field' || node.type === 'variable') {
      return { ...node, ident: [...node.ident, ...fields] };
    }
    if (LITERALS.has(node.type)) this.fail(`unexpected . after term "${nodeString(node)}"`, pos);
    return { type: 'chain', pos, node, field: fields };
  }

  term(): ArgNode | undefined {
    const it = this.nextNonSpace();
    const make = TERMS[it.type];
    if (make !== undefined) return make(this, it);
    this.backup();
    return undefined;
  }

  identifier(it: Item): ArgNode {
    this.functionsUsed.push({ name: it.val, pos: it.pos });
    const fns = this.options.functions;
    if (fns !== undefined && !fns.has(it.val)) this.fail(`function "${it.val}" not defined`, it.pos);
    return { type: 'identifier', pos: it.pos, name: it.val };
  }

  number(it: Item): ArgNode {
    try {
      if (it.type === 'charConstant') {
        return { type: 'number', pos: it.pos, text: it.val, isFloat: false, value: unquoteRune(it.val) };
      }
      const n = parseNumber(it.val);
      return { type: 'number', pos: it.pos, text: it.val, ...n };
    } catch (e) {
      return this.fail((e as Error).message, it.pos);
    }
  }

  useVar(it: Item): VariableNode {
    const name = it.val.split('.')[0] ?? it.val;
    this.requireVar(name, it.pos);
    return { type: 'variable', pos: it.pos, ident: [it.val] };
  }

  requireVar(name: string, pos: number): void {
    if (!this.vars.includes(name)) this.fail(`undefined variable "${name}"`, pos);
  }
}
