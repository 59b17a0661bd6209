/**
 * `ork lock -k komposer.yaml`: every remote source of a Komposer fetched as a run would fetch it — the
 * registry artifact pulled, the git ref resolved, the chart downloaded and checked — and what each resolved
 * to written as a lock entry: registry `{oci, digest}`, git `{git, ref, path, commit}`, helm
 * `{helm, chart, version, digest}`. Files need no pin. A source that cannot be fetched fails the lock,
 * every failure named at its entry in the Komposer, and nothing is written.
 */
import { parseKomposer, type Diagnostic, type Komposer } from '../../katalog/index.ts';
import { resolveSources, type PinnedSource } from '../komposer-sources.ts';
import { readUserFile } from '../read-file.ts';
import { LockFileError, ociKey, type LockEntry } from './lock-format.ts';

/** Whether a file is a Komposer (a file that cannot be read is not). */
export async function isKomposerFile(file: string): Promise<boolean> {
  const { isKomposerText } = await import('../../katalog/index.ts');
  return isKomposerText(await readUserFile(file).catch(() => ''));
}

function describe(d: Diagnostic): string {
  return `${d.file}:${String(d.line)}:${String(d.column)}: ${d.message}`;
}

/** The `index`th element of a list the pins were made from (always there). */
function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no source ${String(index)}: the pins do not match the Komposer`);
  return item;
}

/** The lock entry of one fetched source: the source's identity and what it resolved to. */
function entryOf(komposer: Komposer, pin: PinnedSource): LockEntry {
  const { sources } = komposer;
  const pinned = (key: string) => pin.pinned[key] ?? '';
  if (pin.kind === 'registry')
    return { oci: ociKey(at(sources.registry, pin.index).url), digest: pinned('digest') };
  if (pin.kind === 'git') {
    const { url, ref, path } = at(sources.git, pin.index);
    return { git: url, ref, path, commit: pinned('commit') };
  }
  const { repo, chart, version } = at(sources.helm, pin.index);
  return { helm: repo, chart, version, digest: pinned('digest') };
}

/**
 * The lock entries of every remote source of the Komposer `file`, fetched now (never by an older lock).
 * @throws LockFileError listing every problem, each at its place in the Komposer
 */
export async function lockKomposer(file: string, env: NodeJS.ProcessEnv): Promise<LockEntry[]> {
  const parsed = parseKomposer(file, await readUserFile(file));
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  const komposer = parsed.komposer;
  if (komposer === undefined || errors.length > 0)
    throw new LockFileError(`${file} is not a valid Komposer:\n${errors.map(describe).join('\n')}`);
  const resolved = await resolveSources(parsed, env);
  if (resolved.diagnostics.length > 0)
    throw new LockFileError(
      `cannot lock ${file}: a source cannot be fetched:\n${resolved.diagnostics.map(describe).join('\n')}`,
    );
  return resolved.pins.map((pin) => entryOf(komposer, pin));
}
