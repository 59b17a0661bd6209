/**
 * The load-time arity check: every call of a function whose arity is known, with the number of arguments it
 * will receive (its operands, plus the piped value when it is not first in its pipeline; a function named as
 * an operand is called with none). Go checks this when it executes; a Katalog learns it before any run.
 */
import type { Arity } from './exec/func-types.ts';
import { arityProblem } from './exec/func-types.ts';
import type { ArgNode, ItemNode, ListNode, PipeNode } from './parse/nodes.ts';

/** A call with the wrong number of arguments. */
export interface ArityProblem {
  message: string;
  pos: number;
}

type Arities = ReadonlyMap<string, Arity>;

/** What a walk checks against and where it reports. */
interface Walk {
  readonly arities: Arities;
  readonly out: ArityProblem[];
}

function checkArg(arg: ArgNode, walk: Walk): void {
  if (arg.type === 'pipe') checkPipe(arg, walk);
  else if (arg.type === 'chain') checkArg(arg.node, walk);
  else if (arg.type === 'identifier') checkCall({ name: arg.name, n: 0, pos: arg.pos }, walk);
}

function checkCall(call: { name: string; n: number; pos: number }, { arities, out }: Walk): void {
  const arity = arities.get(call.name);
  const message = arity === undefined ? undefined : arityProblem(call.name, call.n, arity);
  if (message !== undefined) out.push({ message, pos: call.pos });
}

function checkPipe(pipe: PipeNode, walk: Walk): void {
  pipe.cmds.forEach((cmd, i) => {
    const [first, ...operands] = cmd.args;
    if (first?.type === 'identifier')
      checkCall({ name: first.name, n: operands.length + (i > 0 ? 1 : 0), pos: first.pos }, walk);
    else if (first !== undefined) checkArg(first, walk);
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

/** Every call in the trees that does not fit its function's arity, in source order. */
export function arityProblems(trees: readonly ListNode[], arities: Arities): ArityProblem[] {
  const out: ArityProblem[] = [];
  for (const tree of trees) checkItem(tree, { arities, out });
  return out.sort((a, b) => a.pos - b.pos);
}
