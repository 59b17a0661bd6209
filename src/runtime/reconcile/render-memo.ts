/**
 * The children last rendered for each CR, kept with a digest of the inputs they were rendered from
 * (see render-inputs.ts), so a pass whose inputs are unchanged reuses them instead of rendering and
 * hashing again. They are still compared with the live children and pruned against: drift is
 * corrected as before. Per CR only the digest and the (frozen) children are held.
 */
import type { DesiredChild, TemplateData } from '../../resources/index.ts';
import { inputsFingerprint, type RenderInputs } from './render-inputs.ts';

interface Entry {
  readonly fingerprint: string;
  readonly children: readonly DesiredChild[];
}

/** The last successful children render of each CR of one box. */
export class RenderMemo {
  readonly #inputs: RenderInputs | undefined;
  readonly #entries = new Map<string, Entry>();

  /** @param inputs what the box's render reads; undefined: it renders on every pass, nothing is kept. */
  constructor(inputs: RenderInputs | undefined) {
    this.#inputs = inputs;
  }

  /** The digest of a pass's inputs; undefined when the box renders on every pass. */
  fingerprint(data: TemplateData): string | undefined {
    return this.#inputs === undefined ? undefined : inputsFingerprint(this.#inputs, data);
  }

  /** The children last rendered for the CR from inputs with this digest; undefined when none. */
  reuse(key: string, fingerprint: string | undefined): readonly DesiredChild[] | undefined {
    if (fingerprint === undefined) return undefined;
    const entry = this.#entries.get(key);
    return entry?.fingerprint === fingerprint ? entry.children : undefined;
  }

  /** Keeps the children just rendered for the CR (no-op when the box renders on every pass). */
  remember(key: string, fingerprint: string | undefined, children: readonly DesiredChild[]): void {
    if (fingerprint === undefined) return;
    const frozen = Object.freeze(children.map((child) => Object.freeze(child)));
    this.#entries.set(key, { fingerprint, children: frozen });
  }

  /** Drops what is kept for the CR: it is gone, or its last reconcile failed. */
  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** How many CRs have children kept. */
  get size(): number {
    return this.#entries.size;
  }
}
