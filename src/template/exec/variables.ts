/**
 * The variable stack of one template walk: `$` at the bottom, each declaration pushed, and a control
 * structure's declarations popped at its end (Go's scoping).
 */

interface Variable {
  readonly name: string;
  value: unknown;
}

/** The variables in scope, innermost last. */
export class Variables {
  private stack: Variable[] = [];

  /** Starts a walk: only `$`, bound to the data. */
  reset(dot: unknown): void {
    this.stack = [{ name: '$', value: dot }];
  }

  /** The current depth, to {@link pop} back to. */
  mark(): number {
    return this.stack.length;
  }

  /** Drops the variables declared since `mark`. */
  pop(mark: number): void {
    this.stack.length = mark;
  }

  /** Declares a variable. */
  push(name: string, value: unknown): void {
    this.stack.push({ name, value });
  }

  private find(name: string): Variable | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const v = this.stack[i];
      if (v !== undefined && v.name === name) return v;
    }
    return undefined;
  }

  /** Assigns the innermost variable of that name; false when there is none. */
  set(name: string, value: unknown): boolean {
    const v = this.find(name);
    if (v !== undefined) v.value = value;
    return v !== undefined;
  }

  /** Assigns the `n`th variable from the top (range's element and index). */
  setTop(n: number, value: unknown): void {
    const v = this.stack[this.stack.length - n];
    if (v !== undefined) v.value = value;
  }

  /**
   * Binds a range iteration's variables: declared ones (`range $i, $v :=`) are the top of the stack,
   * assigned ones (`range $i, $v =`) outer variables. One variable is the element; two, the index and the
   * element. Returns the name of an assigned variable that does not exist.
   */
  bindRange(
    names: readonly string[],
    isAssign: boolean,
    it: { index: unknown; elem: unknown },
  ): string | undefined {
    const [first, second] = names;
    if (first === undefined) return undefined;
    if (!isAssign) {
      this.setTop(1, it.elem);
      if (second !== undefined) this.setTop(2, it.index);
      return undefined;
    }
    if (second === undefined) return this.set(first, it.elem) ? undefined : first;
    if (!this.set(first, it.index)) return first;
    return this.set(second, it.elem) ? undefined : second;
  }

  /** The innermost variable of that name, if any. */
  get(name: string): Variable | undefined {
    return this.find(name);
  }
}
