/** Every regression case of the hostile families, by family. */
import { crCases } from './cr-cases.ts';
import { schemaCases } from './schema-cases.ts';
import { templateCases } from './template-cases.ts';
import { yamlCases } from './yaml-cases.ts';

export const families = {
  yaml: yamlCases,
  schema: schemaCases,
  template: templateCases,
  cr: crCases,
} as const;
