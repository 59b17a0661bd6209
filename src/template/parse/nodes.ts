/**
 * The parse tree of a template, mirroring Go's text/template/parse nodes.
 */

/** Common fields: offset of the node in the template source. */
interface Base {
  pos: number;
}

/** Plain text between actions. */
export interface TextNode extends Base {
  type: 'text';
  text: string;
}

/** A `{{ pipeline }}` action. */
export interface ActionNode extends Base {
  type: 'action';
  pipe: PipeNode;
}

/** A pipeline with optional variable declarations (`$x := a | b`). */
export interface PipeNode extends Base {
  type: 'pipe';
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}

/** One command of a pipeline: a function or operand and its arguments. */
export interface CommandNode extends Base {
  type: 'command';
  args: ArgNode[];
}

/** A function name. */
export interface IdentifierNode extends Base {
  type: 'identifier';
  name: string;
}

/** A variable with optional field chain (`$x.a.b`). */
export interface VariableNode extends Base {
  type: 'variable';
  ident: string[];
}

/** The cursor `.`. */
export interface DotNode extends Base {
  type: 'dot';
}

/** The untyped `nil`. */
export interface NilNode extends Base {
  type: 'nil';
}

/** A field chain on dot (`.a.b`). */
export interface FieldNode extends Base {
  type: 'field';
  ident: string[];
}

/** A field chain on a parenthesized pipeline or other term (`(x).a`). */
export interface ChainNode extends Base {
  type: 'chain';
  node: ArgNode;
  field: string[];
}

/** `true` or `false`. */
export interface BoolNode extends Base {
  type: 'bool';
  value: boolean;
}

/** A number literal, typed by how it was written. */
export interface NumberNode extends Base {
  type: 'number';
  text: string;
  isFloat: boolean;
  value: number;
}

/** A string literal. */
export interface StringNode extends Base {
  type: 'string';
  quoted: string;
  value: string;
}

/** An operand or function in a command. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

/** `if`, `range` or `with`. */
export interface BranchNode extends Base {
  type: 'if' | 'range' | 'with';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | undefined;
}

/** `{{template "name" pipeline}}`. */
export interface TemplateNode extends Base {
  type: 'template';
  name: string;
  pipe: PipeNode | undefined;
}

/** `{{break}}` or `{{continue}}`. */
export interface LoopControlNode extends Base {
  type: 'break' | 'continue';
}

/** A sequence of nodes. */
export interface ListNode extends Base {
  type: 'list';
  nodes: ItemNode[];
}

/** A node that can appear in a list. */
export type ItemNode = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode;

function argString(a: ArgNode): string {
  return a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a);
}

const TO_STRING: {
  [K in (ArgNode | CommandNode)['type']]: (n: Extract<ArgNode | CommandNode, { type: K }>) => string;
} = {
  identifier: (n) => n.name,
  variable: (n) => n.ident.join('.'),
  dot: () => '.',
  nil: () => 'nil',
  field: (n) => n.ident.map((f) => '.' + f).join(''),
  chain: (n) => `${argString(n.node)}.${n.field.join('.')}`,
  bool: (n) => String(n.value),
  number: (n) => n.text,
  string: (n) => n.quoted,
  command: (n) => n.args.map(argString).join(' '),
  pipe: (n) => pipeString(n),
};

/** Renders an argument node back to template syntax, for error messages. */
export function nodeString(n: ArgNode | CommandNode): string {
  const f = TO_STRING[n.type] as (n: ArgNode | CommandNode) => string;
  return f(n);
}

function pipeString(p: PipeNode): string {
  const decl = p.decl.length > 0 ? `${p.decl.map(nodeString).join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(nodeString).join(' | ');
}
