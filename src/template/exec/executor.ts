/**
 * The executor: walks a parsed template against data, as Go's text/template exec does, with the relaxations of
 * spec §6.5 (nil and missing print as "", paths through missing values yield nil) and hard bounds on steps,
 * output size and template nesting so a hostile template cannot hang or exhaust the process.
 */
import { TemplateExecError, TemplateLimitError, positionOf } from '../errors.ts';
import type { ArgNode, BranchNode, CommandNode, ItemNode, PipeNode, TemplateNode } from '../parse/nodes.ts';
import { nodeString } from '../parse/nodes.ts';
import { ParsedTemplate } from './template.ts';
import { BUILTINS, BUILTIN_ARITY } from './builtins.ts';
import { ContextFunc, arityOf } from './func-types.ts';
import { callProblem, signatureOf } from './signature.ts';
import type { CallValues } from './signature.ts';
import type { CallContext, FuncValue } from './func-types.ts';
import { formatValue } from './go-fmt.ts';
import { GoFloat, isNil, isTrue, kindOf, numberValue, ownProperty, sortedKeys, typeName } from './value.ts';
import type { GoMap } from './value.ts';
import { Variables } from './variables.ts';
import { chargeOutput, chargeStep, enterNesting } from './budget.ts';
import type { Budget } from './budget.ts';
import { BudgetExceeded, checkValue, engineLimitMessage, isEngineLimit } from './limits.ts';

/** The "no final argument" marker of a command outside a pipeline. */
export const MISSING = Symbol('missing');

/** Thrown by `{{break}}` and `{{continue}}`, caught by the enclosing range. */
export class LoopSignal extends Error {}
/** The `{{break}}` signal. */
export const BREAK = new LoopSignal('{{break}} outside {{range}}');
/** The `{{continue}}` signal. */
export const CONTINUE = new LoopSignal('{{continue}} outside {{range}}');

/** The operands of a command: its argument nodes (the first is the command itself) and the piped value. */
interface Operands {
  args: ArgNode[];
  final: unknown;
}

/** One walk over one template tree; `{{template}}` calls create a new State. */
export class State {
  readonly tmpl: ParsedTemplate;
  readonly budget: Budget;
  readonly out: string[];
  readonly vars = new Variables();
  pos = 0;

  constructor(tmpl: ParsedTemplate, budget: Budget, out: string[]) {
    this.tmpl = tmpl;
    this.budget = budget;
    this.out = out;
  }

  fail(reason: string, limit = false): never {
    const position = positionOf(this.tmpl.source, this.pos, this.tmpl.offset);
    const Err = limit ? TemplateLimitError : TemplateExecError;
    throw new Err(this.tmpl.name, reason, position);
  }

  at(node: { pos: number }): void {
    this.pos = node.pos;
  }

  step(): void {
    const problem = chargeStep(this.budget);
    if (problem !== undefined) this.fail(problem, true);
  }

  /** Opens levels of nesting (a body, a parenthesized pipeline, a call; see MAX_NESTING); {@link leave} closes them. */
  enter(levels: 1 | 2 = 1): void {
    const problem = enterNesting(this.budget, levels);
    if (problem !== undefined) this.fail(problem, true);
  }

  leave(levels: 1 | 2 = 1): void {
    this.budget.nesting -= levels;
  }

  write(s: string): void {
    const problem = chargeOutput(this.budget, s.length);
    if (problem !== undefined) this.fail(problem, true);
    this.out.push(s);
  }

  /** Runs a tree with `$` and dot set to data. */
  run(nodes: ItemNode, dot: unknown): void {
    this.vars.reset(dot);
    this.walk(dot, nodes);
  }

  walk(dot: unknown, node: ItemNode): void {
    this.step();
    this.at(node);
    switch (node.type) {
      case 'text':
        this.write(node.text);
        return;
      case 'action':
        this.walkAction(dot, node.pipe);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'break':
      case 'continue':
        throw node.type === 'break' ? BREAK : CONTINUE;
      default:
        this.walkIfOrWith(dot, node);
    }
  }

  walkAction(dot: unknown, pipe: PipeNode): void {
    const v = this.evalPipeline(dot, pipe);
    if (pipe.decl.length === 0) this.printValue(v);
  }

  printValue(v: unknown): void {
    if (v === MISSING || isNil(v)) return;
    this.write(formatValue(v));
  }

  walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.mark();
    this.enter();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) this.walk(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList !== undefined) this.walk(dot, node.elseList);
    } finally {
      this.vars.pop(mark);
      this.leave();
    }
  }

  walkRange(dot: unknown, node: BranchNode): void {
    const mark = this.vars.mark();
    this.enter(2);
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const ran = this.rangeOver(val, node);
      if (!ran && node.elseList !== undefined) this.walk(dot, node.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.vars.pop(mark);
      this.leave(2);
    }
  }

  /** Iterates; returns false when there was nothing to iterate (the else branch runs). */
  rangeOver(val: unknown, node: BranchNode): boolean {
    switch (kindOf(val)) {
      case 'slice': {
        // A loop, not forEach: every frame between two levels of nesting counts against the stack.
        const items = val as unknown[];
        for (let i = 0; i < items.length; i++) this.oneIteration(node, i, items[i]);
        return items.length > 0;
      }
      case 'map': {
        const keys = sortedKeys(val as GoMap);
        for (const k of keys) this.oneIteration(node, k, (val as GoMap)[k]);
        return keys.length > 0;
      }
      case 'nil':
        return false;
      case 'int':
        return this.rangeInt(numberValue(val), node);
      default:
        this.at(node);
        return this.fail(`range can't iterate over ${formatValue(val)}`);
    }
  }

  rangeInt(n: number, node: BranchNode): boolean {
    if (node.pipe.decl.length > 1) this.fail(`can't use ${n} to iterate over more than one variable`);
    for (let i = 0; i < n; i++) this.oneIteration(node, i, i);
    return n > 0;
  }

  oneIteration(node: BranchNode, index: unknown, elem: unknown): void {
    this.step();
    const mark = this.vars.mark();
    this.bindRangeVariables(node.pipe, index, elem);
    try {
      this.walk(elem, node.list);
    } catch (e) {
      if (e !== CONTINUE) throw e;
    } finally {
      this.vars.pop(mark);
    }
  }

  bindRangeVariables(pipe: PipeNode, index: unknown, elem: unknown): void {
    const names = pipe.decl.map((d) => d.ident[0] ?? '');
    const missing = this.vars.bindRange(names, pipe.isAssign, { index, elem });
    if (missing !== undefined) this.fail(`undefined variable: ${missing}`);
  }

  walkTemplate(dot: unknown, node: TemplateNode): void {
    const tree = this.tmpl.defines.get(node.name);
    if (tree === undefined)
      this.fail(`template: no template "${node.name}" associated with template "${this.tmpl.name}"`);
    if (this.budget.depth >= this.budget.maxDepth) {
      this.fail(`exceeded maximum template depth (${this.budget.maxDepth}, maxDepth)`, true);
    }
    const newDot = node.pipe === undefined ? undefined : this.evalPipeline(dot, node.pipe);
    const inner = new State(this.tmpl, this.budget, this.out);
    this.enter();
    this.budget.depth++;
    try {
      inner.run(tree, newDot === MISSING ? undefined : newDot);
    } finally {
      this.budget.depth--;
      this.leave();
    }
  }

  setVar(name: string, value: unknown): void {
    if (!this.vars.set(name, value)) this.fail(`undefined variable: ${name}`);
  }

  varValue(name: string): unknown {
    const v = this.vars.get(name);
    return v === undefined ? this.fail(`undefined variable: ${name}`) : v.value;
  }

  evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    if (value === MISSING) value = undefined;
    for (const v of pipe.decl) {
      const name = v.ident[0] ?? '';
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push(name, value);
    }
    return value;
  }

  /** A parenthesized pipeline: one level of nesting as a command, two as an argument (see MAX_NESTING). */
  evalParenthesized(dot: unknown, pipe: PipeNode, levels: 1 | 2): unknown {
    this.enter(levels);
    try {
      return this.evalPipeline(dot, pipe);
    } finally {
      this.leave(levels);
    }
  }

  notAFunction({ args, final }: Operands): void {
    if (args.length > 1 || final !== MISSING) {
      this.fail(`can't give argument to non-function ${nodeString(args[0] ?? { type: 'nil', pos: 0 })}`);
    }
  }

  evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    this.step();
    const first = cmd.args[0];
    if (first === undefined) return this.fail('empty command');
    const ops: Operands = { args: cmd.args, final };
    switch (first.type) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, first.ident, ops);
      case 'chain':
        return this.evalChain(dot, first, ops);
      case 'identifier':
        return this.evalFunction(dot, first, ops);
      case 'pipe':
        this.notAFunction(ops);
        return this.evalParenthesized(dot, first, 1);
      case 'variable':
        return this.evalVariable(dot, first, ops);
      default:
        break;
    }
    this.at(first);
    this.notAFunction(ops);
    return this.literal(dot, first);
  }

  literal(dot: unknown, node: ArgNode): unknown {
    switch (node.type) {
      case 'bool':
        return node.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.fail('nil is not a command');
      case 'number':
        return node.isFloat && Number.isInteger(node.value) ? new GoFloat(node.value) : node.value;
      case 'string':
        return node.value;
      default:
        return this.fail(`can't evaluate command ${nodeString(node)}`);
    }
  }

  evalChain(dot: unknown, chain: Extract<ArgNode, { type: 'chain' }>, ops: Operands): unknown {
    if (chain.node.type === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, chain.node);
    this.at(chain);
    return this.evalFieldChain(receiver, chain.field, ops);
  }

  evalVariable(_dot: unknown, node: Extract<ArgNode, { type: 'variable' }>, ops: Operands): unknown {
    this.at(node);
    const value = this.varValue(node.ident[0] ?? '$');
    if (node.ident.length === 1) {
      this.notAFunction(ops);
      return value;
    }
    return this.evalFieldChain(value, node.ident.slice(1), ops);
  }

  /** Follows a field chain from a receiver; the last field gets the operands. */
  evalFieldChain(receiver: unknown, ident: string[], ops: Operands): unknown {
    let cur = receiver;
    const hasArgs = ops.args.length > 1 || ops.final !== MISSING;
    ident.forEach((name, i) => {
      cur = this.evalField(name, cur, i === ident.length - 1 && hasArgs);
    });
    return cur;
  }

  evalField(name: string, receiver: unknown, hasArgs: boolean): unknown {
    const kind = kindOf(receiver);
    if (kind === 'nil') return undefined;
    if (kind === 'map') {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      return ownProperty(receiver, name).value;
    }
    return this.fail(`can't evaluate field ${name} in type ${typeName(receiver)}`);
  }

  evalArg(dot: unknown, node: ArgNode): unknown {
    this.at(node);
    switch (node.type) {
      case 'dot':
        return dot;
      case 'nil':
        return undefined;
      case 'field':
        return this.evalFieldChain(dot, node.ident, { args: [node], final: MISSING });
      case 'variable':
        return this.evalVariable(dot, node, { args: [node], final: MISSING });
      case 'pipe':
        return this.evalParenthesized(dot, node, 2);
      case 'identifier':
        return this.evalFunction(dot, node, { args: [node], final: MISSING });
      case 'chain':
        return this.evalChain(dot, node, { args: [node], final: MISSING });
      default:
        return this.literal(dot, node);
    }
  }

  evalFunction(dot: unknown, node: Extract<ArgNode, { type: 'identifier' }>, ops: Operands): unknown {
    this.at(node);
    const { args, final } = ops;
    const name = node.name;
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, ops);
    const fn = this.lookupFunction(name);
    if (fn === undefined) return this.fail(`"${name}" is not a defined function`);
    const argNodes = args.slice(1);
    const values: unknown[] = [];
    for (const a of argNodes) values.push(this.evalArg(dot, a)); // a loop: one frame less per nesting level
    if (final !== MISSING) values.push(final);
    this.at(node);
    const piped = final !== MISSING;
    this.checkCall(name, fn, { argNodes, values, piped });
    // Only a context function (`default`) reads which arguments were literals: no array for every other call.
    const literal = fn instanceof ContextFunc ? literalFlags(argNodes, piped) : NO_LITERALS;
    return this.callFunction(fn, values, { name, literal, piped });
  }

  lookupFunction(name: string): FuncValue | undefined {
    if (this.tmpl.funcs.has(name)) return this.tmpl.funcs.get(name);
    return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  }

  /** Checks a call as Go does before calling (see callProblem), failing where it does not fit. */
  checkCall(name: string, fn: FuncValue, call: CallValues): void {
    const own = this.tmpl.funcs.has(name);
    const rules = own ? { arity: arityOf(fn), signature: signatureOf(fn) } : { arity: BUILTIN_ARITY[name] };
    const wrong = callProblem(name, rules, call);
    if (wrong === undefined) return;
    if (wrong.node !== undefined) this.at(wrong.node);
    this.fail(wrong.message);
  }

  /** Calls a function, then checks the size and depth of what it built against the value bounds. */
  callFunction(fn: FuncValue, values: unknown[], info: Omit<CallContext, 'root' | 'evaluate'>): unknown {
    try {
      const root = this.budget.root;
      const result =
        fn instanceof ContextFunc
          ? fn.fn({ ...info, root, evaluate: (t, d) => this.evaluateNested(t, d) }, values)
          : fn(...values);
      checkValue(result);
      return result;
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      if (e instanceof BudgetExceeded) return this.fail(`${info.name}: ${e.message}`, true);
      if (isEngineLimit(e)) return this.fail(`${info.name}: ${engineLimitMessage(e)}`, true);
      const message = e instanceof Error ? e.message : String(e);
      return this.fail(`error calling ${info.name}: ${message}`);
    }
  }

  evaluateNested(template: unknown, data: unknown): unknown {
    if (this.budget.depth >= this.budget.maxDepth) {
      this.fail(`exceeded maximum template depth (${this.budget.maxDepth}, maxDepth)`, true);
    }
    this.enter(2);
    this.budget.depth++;
    try {
      if (!(template instanceof ParsedTemplate)) return this.fail('evaluate: not a parsed template');
      return new State(template, this.budget, []).evaluateTree(data);
    } finally {
      this.budget.depth--;
      this.leave(2);
    }
  }

  evalAndOr(dot: unknown, name: 'and' | 'or', { args, final }: Operands): unknown {
    const n = args.length - 1 + (final !== MISSING ? 1 : 0);
    if (n < 1) this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
    let v: unknown = undefined;
    for (let i = 1; i <= n; i++) {
      const a = args[i];
      v = a === undefined ? final : this.evalArg(dot, a);
      if (isTrue(v) === (name === 'or')) return v;
    }
    return v;
  }

  /** Runs this state's template and returns its typed result: a sole action's value, else the text. */
  evaluateTree(data: unknown): unknown {
    const action = this.tmpl.soleAction;
    this.vars.reset(data);
    if (action === undefined) {
      this.walk(data, this.tmpl.root);
      return this.out.join('');
    }
    this.step();
    return this.evalPipeline(data, action.pipe);
  }
}

const NO_LITERALS: readonly boolean[] = [];

/** For each argument, whether it is written as a string, number or bool constant (a piped value is not). */
function literalFlags(argNodes: readonly ArgNode[], piped: boolean): boolean[] {
  const flags = argNodes.map((a) => a.type === 'string' || a.type === 'number' || a.type === 'bool');
  if (piped) flags.push(false);
  return flags;
}
