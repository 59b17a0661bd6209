/**
 * The load-time check of calls: every call of a function whose arity is known, with the number of arguments
 * it will receive (its operands, plus the piped value when it is not first in its pipeline; a function named
 * as an operand is called with none), and every literal argument of a function whose signature is known
 * (`{{ repeat "x" "y" }}`: "expected integer; found "x""). Go checks both when it executes; a Katalog learns
 * them before any run. Arguments whose values come from data are checked at run time only.
 */
import type { Arity } from './exec/func-types.ts';
import { arityProblem } from './exec/func-types.ts';
import { argumentProblem, isLiteral } from './exec/signature.ts';
import type { CallArgument, Signature } from './exec/signature.ts';
import { GoFloat } from './exec/value.ts';
import type { ArgNode, CommandNode, ItemNode, ListNode, PipeNode } from './parse/nodes.ts';

/** A call with the wrong number of arguments, or a literal argument of the wrong type. */
export interface CallProblem {
  code: 'arity' | 'argument-type';
  message: string;
  pos: number;
}

/** What the calls are checked against. */
export interface CallRules {
  readonly arities: ReadonlyMap<string, Arity>;
  readonly signatures: ReadonlyMap<string, Signature>;
}

/** What a walk checks against and where it reports. */
interface Walk extends CallRules {
  readonly out: CallProblem[];
}

interface Call {
  readonly name: string;
  readonly pos: number;
  readonly operands: readonly ArgNode[];
  /** The piped value: undefined when none, `{}` when unknown until run time. */
  readonly piped: CallArgument | undefined;
}

function checkArg(arg: ArgNode, walk: Walk): void {
  if (arg.type === 'pipe') checkPipe(arg, walk);
  else if (arg.type === 'chain') checkArg(arg.node, walk);
  else if (arg.type === 'identifier')
    checkCall({ name: arg.name, pos: arg.pos, operands: [], piped: undefined }, walk);
}

function checkCall(call: Call, { arities, signatures, out }: Walk): void {
  const n = call.operands.length + (call.piped === undefined ? 0 : 1);
  const arity = arities.get(call.name);
  const message = arity === undefined ? undefined : arityProblem(call.name, n, arity);
  if (message !== undefined) {
    out.push({ code: 'arity', message, pos: call.pos });
    return;
  }
  const s = signatures.get(call.name);
  if (s === undefined) return;
  const args: CallArgument[] = call.operands.map((node) => ({ node }));
  if (call.piped !== undefined) args.push(call.piped);
  const wrong = argumentProblem(s, args, call.piped !== undefined);
  if (wrong !== undefined)
    out.push({
      code: 'argument-type',
      message: wrong.message,
      pos: call.operands[wrong.index]?.pos ?? call.pos,
    });
}

/** The value a command pipes on when it is known before running: a lone string, number or bool constant. */
function pipedValue(cmd: CommandNode | undefined): CallArgument | undefined {
  if (cmd === undefined) return undefined;
  const [only, ...rest] = cmd.args;
  if (!isLiteral(only) || rest.length > 0) return { node: undefined };
  if (only.type === 'number') {
    return {
      node: undefined,
      value: only.isFloat && Number.isInteger(only.value) ? new GoFloat(only.value) : only.value,
    };
  }
  return { node: undefined, value: only.value };
}

function checkPipe(pipe: PipeNode, walk: Walk): void {
  pipe.cmds.forEach((cmd, i) => {
    const [first, ...operands] = cmd.args;
    if (first?.type === 'identifier') {
      const piped = i > 0 ? pipedValue(pipe.cmds[i - 1]) : undefined;
      checkCall({ name: first.name, pos: first.pos, operands, piped }, walk);
    } else if (first !== undefined) checkArg(first, walk);
    for (const a of operands) checkArg(a, walk);
  });
}

function checkItem(node: ItemNode, walk: Walk): void {
  switch (node.type) {
    case 'action':
      checkPipe(node.pipe, walk);
      return;
    case 'list':
      for (const n of node.nodes) checkItem(n, walk);
      return;
    case 'template':
      if (node.pipe !== undefined) checkPipe(node.pipe, walk);
      return;
    case 'if':
    case 'range':
    case 'with':
      checkPipe(node.pipe, walk);
      checkItem(node.list, walk);
      if (node.elseList !== undefined) checkItem(node.elseList, walk);
      return;
    default:
  }
}

/** Every call in the trees that does not fit its function's arity or signature, in source order. */
export function callProblems(trees: readonly ListNode[], rules: CallRules): CallProblem[] {
  const out: CallProblem[] = [];
  for (const tree of trees) checkItem(tree, { ...rules, out });
  return out.sort((a, b) => a.pos - b.pos);
}
