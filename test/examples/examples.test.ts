/**
 * Every example under examples/ is a working operator on paper: its Katalog loads and validates with no
 * error (templates checked against the function catalog), every entry can run with `--dev`, its CRs belong
 * to its CRDs and carry what their schemas require, the combined crd.yaml/cr.yaml hold exactly what the
 * entries name, and its CRs render to the children the README promises — all without a cluster.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatDiagnosticHeadline } from '../../src/katalog/index.ts';
import type { CrdDeclaration, LoadedKatalog } from '../../src/katalog/index.ts';
import {
  crdOf,
  examplePath,
  isCrOf,
  listExamples,
  loadExample,
  readManifests,
  specSchemaOf,
  storedSpec,
} from './example-files.ts';
import type { Manifest } from './example-files.ts';
import { renderExampleChildren } from './render-example.ts';

const MODELINE = '# yaml-language-server: $schema=../../schema/katalog.schema.json';

async function katalogOf(example: string): Promise<LoadedKatalog> {
  const { katalog } = await loadExample(example);
  assert.ok(katalog !== undefined, `${example}/katalog.yaml did not load`);
  return katalog;
}

function crFilesOf(example: string, crd: CrdDeclaration): Manifest[] {
  return crd.entry.crFiles.flatMap((f) => readManifests(examplePath(example, f)));
}

/** A CR of an entry as the API server would store it (defaults filled, undeclared fields pruned). */
function stored(example: string, crd: CrdDeclaration, cr: Manifest): Manifest {
  return { ...cr, spec: storedSpec(cr.spec ?? {}, specSchemaOf(crdOf(example, crd))) };
}

function kindsOf(children: readonly { manifest: Manifest }[]): string[] {
  return children.map((c) => `${c.manifest.kind ?? '?'}/${c.manifest.metadata?.name ?? '?'}`).sort();
}

function onlyCrd(katalog: LoadedKatalog, key: string): CrdDeclaration {
  const crd = katalog.crds.find((c) => c.key === key);
  assert.ok(crd !== undefined, `no CRD entry ${key}`);
  return crd;
}

describe('the examples', () => {
  const examples = listExamples();

  it('are the documented ones, each with its files', () => {
    assert.deepEqual(examples, [
      '01-hello-website',
      '02-conditional',
      '03-status',
      '04-many-crds',
      '05-pipeline',
      '06-composed',
    ]);
    for (const example of examples) {
      for (const file of ['katalog.yaml', 'crd.yaml', 'cr.yaml', 'README.md']) {
        assert.ok(existsSync(examplePath(example, file)), `${example}/${file} is missing`);
      }
    }
  });

  for (const example of examples) {
    describe(example, () => {
      it('opens its Katalog with the JSON Schema modeline for editors', () => {
        const first = readFileSync(examplePath(example, 'katalog.yaml'), 'utf8').split('\n')[0];
        assert.equal(first, MODELINE);
      });

      it('loads, validates with no error diagnostic and compiles a plan per CRD', async () => {
        const outcome = await loadExample(example);
        const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map(formatDiagnosticHeadline), []);
        assert.ok(outcome.katalog !== undefined && outcome.plans !== undefined);
        assert.equal(outcome.plans.length, outcome.katalog.crds.length);
      });

      it('gives every entry a crdFile and crFiles, so `ork run --dev` applies them', async () => {
        for (const crd of (await katalogOf(example)).crds) {
          assert.ok(crd.entry.crdFile !== undefined, `${crd.key} has no crdFile`);
          assert.ok(crd.entry.crFiles.length > 0, `${crd.key} has no crFiles`);
          for (const cr of crFilesOf(example, crd)) assert.ok(isCrOf(cr, crd), `${cr.kind} in ${crd.key}`);
        }
      });

      it('has a crd.yaml holding exactly the CRDs its entries name', async () => {
        const named = (await katalogOf(example)).crds.map((crd) => crdOf(example, crd));
        assert.deepEqual(readManifests(examplePath(example, 'crd.yaml')), named);
      });

      it('has a cr.yaml holding exactly the CRs its entries apply, each of one of its CRDs', async () => {
        const katalog = await katalogOf(example);
        const crs = readManifests(examplePath(example, 'cr.yaml'));
        assert.deepEqual(
          crs,
          katalog.crds.flatMap((crd) => crFilesOf(example, crd)),
        );
        for (const cr of crs) {
          assert.ok(typeof cr.metadata?.name === 'string', 'a CR without a name');
          assert.ok(
            katalog.crds.some((crd) => isCrOf(cr, crd)),
            `${String(cr.apiVersion)} ${String(cr.kind)} is none of the Katalog's CRDs`,
          );
        }
      });

      it('writes CRs whose spec fields are declared by the CRD and include every required one', async () => {
        for (const crd of (await katalogOf(example)).crds) {
          const schema = specSchemaOf(crdOf(example, crd));
          for (const cr of crFilesOf(example, crd)) {
            const spec = cr.spec ?? {};
            for (const field of schema.required ?? []) assert.ok(field in spec, `${crd.key}: no ${field}`);
            const declared = Object.keys(schema.properties ?? {});
            for (const field of Object.keys(spec))
              assert.ok(declared.includes(field), `${crd.key}: ${field}`);
          }
        }
      });

      it('documents how to run it with --dev in its README', () => {
        const readme = readFileSync(examplePath(example, 'README.md'), 'utf8');
        assert.ok(readme.includes(`ork run -k examples/${example}/katalog.yaml --dev`));
      });
    });
  }
});

describe('the examples rendered offline', () => {
  it('01: a Website renders to its Deployment and Service, replicas typed as a number', async () => {
    const katalog = await katalogOf('01-hello-website');
    const crd = onlyCrd(katalog, 'website');
    const [cr] = readManifests(examplePath('01-hello-website', 'cr.yaml'));
    const children = renderExampleChildren(katalog, crd, stored('01-hello-website', crd, cr!));
    assert.deepEqual(kindsOf(children), ['Deployment/hello', 'Service/hello']);
    const deployment = children.find((c) => c.manifest.kind === 'Deployment')!.manifest;
    assert.equal((deployment['spec'] as { replicas: unknown }).replicas, 2);
  });

  it('02: development gets the debug ConfigMap; production gets the LoadBalancer and not the ConfigMap', async () => {
    const example = '02-conditional';
    const katalog = await katalogOf(example);
    const crd = onlyCrd(katalog, 'app');
    const [cr] = readManifests(examplePath(example, 'cr.yaml'));
    const dev = stored(example, crd, cr!);
    assert.deepEqual(kindsOf(renderExampleChildren(katalog, crd, dev)), [
      'ConfigMap/shop-debug',
      'Deployment/shop',
    ]);
    const prod = { ...dev, spec: { ...dev.spec, environment: 'production' } };
    const children = renderExampleChildren(katalog, crd, prod);
    assert.deepEqual(kindsOf(children), ['Deployment/shop', 'Service/shop-lb']);
    const lb = children.find((c) => c.manifest.kind === 'Service')!.manifest;
    assert.equal((lb['spec'] as { type: unknown }).type, 'LoadBalancer');
    assert.ok(
      children.every((c) => c.mode === 'enforce'),
      'every child is enforced, so pruning applies',
    );
  });

  it('03: a Site renders to its Deployment and Service', async () => {
    const katalog = await katalogOf('03-status');
    const crd = onlyCrd(katalog, 'site');
    const [cr] = readManifests(examplePath('03-status', 'cr.yaml'));
    const children = renderExampleChildren(katalog, crd, stored('03-status', crd, cr!));
    assert.deepEqual(kindsOf(children), ['Deployment/docs', 'Service/docs']);
  });

  it('04: the Website and the Cache render; every Queue fails with division by zero', async () => {
    const example = '04-many-crds';
    const katalog = await katalogOf(example);
    const rendered: string[] = [];
    for (const crd of katalog.crds) {
      for (const cr of crFilesOf(example, crd)) {
        const input = stored(example, crd, { ...cr, spec: { ...cr.spec, partitions: 4 } });
        if (crd.key === 'queue') {
          assert.throws(() => renderExampleChildren(katalog, crd, input), /division by zero/);
        } else rendered.push(...kindsOf(renderExampleChildren(katalog, crd, input)));
      }
    }
    assert.deepEqual(rendered, [
      'Deployment/storefront',
      'Service/storefront',
      'Deployment/storefront-cache',
      'Service/storefront-cache',
    ]);
  });
});
