import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateInputs } from './template-inputs.ts';

describe('templateInputs', () => {
  it('finds the root paths a template reads, through pipelines and conditions', () => {
    const found = templateInputs('{{ .spec.image }}:{{ if .spec.tag }}{{ .metadata.name | upper }}{{ end }}');
    assert.ok(found);
    assert.deepEqual(found.paths, ['metadata.name', 'spec.image', 'spec.tag']);
    assert.deepEqual(found.impure, []);
  });

  it('counts a range or with pipeline, not the fields read from its rebound dot, and $ as the root', () => {
    const found = templateInputs('{{ range .spec.dbs }}{{ .name }}-{{ $.metadata.name }}{{ end }}');
    assert.deepEqual(found?.paths, ['metadata.name', 'spec.dbs']);
  });

  it('reports the children, the whole context and impure functions', () => {
    assert.deepEqual(templateInputs('{{ .children.web.status }}')?.paths, ['children.web.status']);
    assert.deepEqual(templateInputs('{{ toYaml . }}')?.paths, ['.']);
    assert.deepEqual(templateInputs('{{ randomAlphanumeric 8 }}{{ now }}{{ upper "x" }}')?.impure, [
      'now',
      'randomAlphanumeric',
    ]);
  });

  it('returns undefined for a template that does not parse', () => {
    assert.equal(templateInputs('{{ .spec.image'), undefined);
  });
});
