/**
 * A parsed template: its source, trees and function map, ready to execute any number of times.
 */
import type { ListNode } from '../parse/nodes.ts';
import type { FuncValue } from './func-types.ts';

/** An immutable parsed template. Create with parseTemplate. */
export class ParsedTemplate {
  /** Name used in error messages. */
  readonly name: string;
  /** The template source. */
  readonly source: string;
  /** Offset of the source inside its enclosing file (added to error offsets). */
  readonly offset: number;
  /** The main tree. */
  readonly root: ListNode;
  /** Trees named by `define` and `block`. */
  readonly defines: ReadonlyMap<string, ListNode>;
  /** The functions callable by name (besides Go's built-ins). */
  readonly funcs: ReadonlyMap<string, FuncValue>;

  constructor(init: {
    name: string;
    source: string;
    offset: number;
    root: ListNode;
    defines: ReadonlyMap<string, ListNode>;
    funcs: ReadonlyMap<string, FuncValue>;
  }) {
    this.name = init.name;
    this.source = init.source;
    this.offset = init.offset;
    this.root = init.root;
    this.defines = init.defines;
    this.funcs = init.funcs;
  }

  /** The single action when the whole template is one `{{ pipeline }}`, else undefined. */
  get soleAction(): Extract<ListNode['nodes'][number], { type: 'action' }> | undefined {
    const [only, ...rest] = this.root.nodes;
    if (only?.type !== 'action' || rest.length > 0 || only.pipe.decl.length > 0) return undefined;
    return only;
  }
}
