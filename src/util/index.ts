/**
 * Small shared helpers with no dependencies on the rest of Orkestra: every layer may import them.
 */
export { editDistance, suggestClosest } from './suggest.ts';
