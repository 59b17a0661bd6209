/**
 * Renders the children of an example's CR offline, through the same layers the reconcile uses: the
 * template engine with the function catalog and the Katalog's notes, and the resources layer's group
 * renderer over the compiled Plan. No cluster: `.children` is empty, as on the first reconcile of a new CR.
 */
import { compileKatalog } from '../../src/katalog/index.ts';
import type { CrdDeclaration, LoadedKatalog } from '../../src/katalog/index.ts';
import { renderDesiredChildren } from '../../src/resources/index.ts';
import type { DesiredChild, RenderFn, TemplateData } from '../../src/resources/index.ts';
import {
  createFunctionCatalog,
  createNoteFunctions,
  evaluateTemplate,
  parseTemplate,
} from '../../src/template/index.ts';
import type { FuncMap } from '../../src/template/index.ts';
import type { Manifest } from './example-files.ts';

const FIXED_NOW = new Date('2026-01-02T03:04:05Z');

/** A render function over the catalog (at a fixed time) and the Katalog's notes. */
export function createRender(katalog: LoadedKatalog): RenderFn {
  const catalog = createFunctionCatalog({ clock: () => FIXED_NOW });
  const notes = Object.fromEntries([...katalog.notes].map(([name, d]) => [name, d.value]));
  const funcs: FuncMap = { ...catalog, ...createNoteFunctions(notes, catalog) };
  return (source, data) => evaluateTemplate(parseTemplate(source, { funcs }), data);
}

/** The data context of a CR on its first reconcile (spec §6.2), in namespace `default`. */
export function firstReconcileData(cr: Manifest): TemplateData {
  const metadata = { namespace: 'default', uid: '00000000-0000-4000-8000-000000000001', ...cr.metadata };
  return { ...cr, metadata, status: {}, children: {}, childList: {}, cross: {}, external: {}, metrics: {} };
}

/** The desired children of a CR of a CRD entry (onCreate then onReconcile). Throws what the reconcile would. */
export function renderExampleChildren(
  katalog: LoadedKatalog,
  crd: CrdDeclaration,
  cr: Manifest,
): DesiredChild[] {
  const data = firstReconcileData(cr);
  const meta = data['metadata'] as { name: string; namespace: string; uid: string };
  const { group, version, kind } = crd.apiTypes;
  const owner = { apiVersion: `${group}/${version}`, kind, ...meta };
  const plan = compileKatalog(katalog).find((p) => p.key === crd.key);
  if (plan === undefined) throw new Error(`no Plan for ${crd.key}`);
  return renderDesiredChildren(plan.hooks, {
    data,
    render: createRender(katalog),
    origin: { katalog: crd.katalog.name, crd: crd.key, owner },
  });
}
