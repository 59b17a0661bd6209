/**
 * OCI references: `registry[:port]/repository[:tag][@digest]`, as the distribution reference
 * grammar reads them (a first component with a dot, a colon or `localhost` is the registry; Orkestra
 * has no default registry, so a reference must name one).
 */
import { RegistryError } from './errors.ts';

/** A parsed reference. At least one of tag and digest is set (the tag defaults to `latest`). */
export interface Reference {
  /** The registry host, with its port when the reference gives one. */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses `ref` (an `oci://` prefix is allowed), or throws a RegistryError naming it. */
export function parseReference(ref: string): Reference {
  const text = ref.startsWith('oci://') ? ref.slice('oci://'.length) : ref;
  const invalid = (why: string) => new RegistryError('invalid', `invalid reference ${ref}: ${why}`);
  const slash = text.indexOf('/');
  if (slash <= 0) throw invalid('expected registry/repository[:tag][@digest]');
  const registry = text.slice(0, slash);
  if (!/[.:]/.test(registry) && registry !== 'localhost') {
    throw invalid(`"${registry}" is not a registry host (it needs a dot, a port or to be localhost)`);
  }
  const [named, digest] = splitLast(text.slice(slash + 1), '@');
  const [repository, tag] = splitLast(named, ':');
  const problem = partProblem(repository, tag, digest);
  if (problem !== undefined) throw invalid(problem);
  if (digest !== undefined) return { registry, repository, ...(tag === undefined ? {} : { tag }), digest };
  return { registry, repository, tag: tag ?? 'latest' };
}

function partProblem(repository: string, tag?: string, digest?: string): string | undefined {
  if (digest !== undefined && !DIGEST.test(digest)) return `digest "${digest}" is not sha256:<64 hex digits>`;
  if (tag !== undefined && !TAG.test(tag)) return `tag "${tag}" is not a valid tag`;
  if (!REPOSITORY.test(repository)) return `repository "${repository}" is not lowercase path components`;
  return undefined;
}

/** `text` split at the last `sep`: [before, after], or [text, undefined] when there is none. */
function splitLast(text: string, sep: string): [string, string | undefined] {
  const at = text.lastIndexOf(sep);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The reference as text: `registry/repository[:tag][@digest]`. */
export function formatReference(ref: Reference): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
  const digest = ref.digest === undefined ? '' : `@${ref.digest}`;
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** What to ask the registry for a manifest: the digest when pinned, else the tag. */
export function manifestSelector(ref: Reference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}
