/**
 * The text of `ork render`: multi-document YAML in which every object document is a write the runtime
 * would send (Server-Side Apply), in apply order, and everything else — which CR, validation, children
 * left alone or pruned, the status patch, errors — is a comment, so the output can be piped to
 * `kubectl apply -f -` or diffed as it is.
 *
 * Per CR: a header (comments), one document per desired child, one per pruned child, and a final
 * comment-only document with the status. Strings a YAML 1.1 reader (kubectl, the API server) would take
 * for another type (`yes`, `on`, `00042`, `1e3`, `~`) are quoted (spec §6.5).
 */
import { Document, visit } from 'yaml';
import type { KubeObject } from '../../kube/index.ts';
import type { ChildWrite } from './render-cluster.ts';
import { describeCr, type CrRender, type RenderReport } from './render.ts';

/** YAML 1.2 octal (`0o17`): a number to a 1.2 reader, though not to a 1.1 one. */
const YAML12_ONLY_NUMBER = /^[-+]?0o[0-7]+$/;

/** A value as YAML readable the same way by YAML 1.1 and 1.2 readers, keys in the order given. */
export function toManifestYaml(value: unknown): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && YAML12_ONLY_NUMBER.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function describeObject(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return `${o.kind ?? '?'} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}

function comment(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '#' : `# ${line}`))
    .join('\n');
}

function validationLines(r: CrRender): string[] {
  const recorded = r.recorded;
  if (recorded === undefined || r.validationRules === 0) return [];
  const lines = recorded.denied.map((m) => `validation: denied — ${m} (no child is touched)`);
  lines.push(...recorded.warnings.map((m) => `validation: warning — ${m}`));
  const n = r.validationRules;
  if (lines.length === 0) lines.push(`validation: passed (${String(n)} rule${n === 1 ? '' : 's'})`);
  return lines;
}

function headerOf(r: CrRender): string {
  const lines = [
    r.entry === undefined
      ? describeCr(r.cr)
      : `${describeCr(r.cr)} · entry ${r.entry.crd} of Katalog ${r.entry.katalog}`,
    ...r.notes.map((n) => `note: ${n}`),
  ];
  if (r.skipped !== undefined) lines.push(`not reconciled: ${r.skipped}`);
  const finalizers = r.recorded?.finalizers;
  if (finalizers !== undefined) lines.push(`finalizers set: ${finalizers.join(', ')}`);
  lines.push(...validationLines(r));
  lines.push(...(r.recorded?.notes ?? []).map((n) => `note: ${n}`));
  lines.push(...(r.cross ?? []));
  if (r.error !== undefined) lines.push(`error: ${r.error}`);
  return `${comment(lines.join('\n'))}\n`;
}

const NO_WRITE: Record<string, string> = {
  unchanged: 'the live object already matches; no write',
  exists: 'exists and is created once, never updated; no write',
};

function childDocument(child: ChildWrite): string {
  const what = describeObject(child.object);
  const reason = NO_WRITE[child.action];
  if (reason !== undefined) return `${comment(`${child.action} ${what}: ${reason}`)}\n`;
  return `${comment(`${child.action} ${what}`)}\n${toManifestYaml(child.object)}`;
}

function statusDocument(r: CrRender): string | undefined {
  const recorded = r.recorded;
  if (recorded === undefined) return undefined;
  if (recorded.status === undefined) return `${comment('status: unchanged; no write')}\n`;
  const body = toManifestYaml(recorded.status).trimEnd().replace(/^/gm, '  ');
  return `${comment(`status (patched through the status subresource):\n${body}`)}\n`;
}

/** The documents of one CR: header, children, pruned children, status. */
function documentsOf(r: CrRender): string[] {
  const docs = [headerOf(r)];
  const recorded = r.recorded;
  if (recorded !== undefined) {
    docs.push(...recorded.children.map(childDocument));
    docs.push(
      ...recorded.deleted.map((o) => `${comment(`delete ${describeObject(o)}: no longer desired`)}\n`),
    );
  }
  const status = statusDocument(r);
  if (status !== undefined) docs.push(status);
  return docs;
}

/** The text `ork render` prints: every CR's documents, `---` separated. */
export function formatRenderReport(report: RenderReport): string {
  return report.results.flatMap(documentsOf).join('---\n');
}
