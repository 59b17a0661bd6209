/**
 * Test helpers of the template engine: hostile templates for the budgets' tests and benchmarks. Tests and
 * benchmarks only: no production module imports this folder.
 */
export { HOSTILE_TEMPLATES } from './hostile-templates.ts';
