/**
 * The bundle golden: `ork generate bundle` of examples/01-hello-website, kept in
 * test/golden/bundle/01-hello-website.yaml (written by `npm run generate`, compared by bundle.test.ts),
 * so a change of the runtime's permissions or the install objects shows in review.
 */
import { bundleYaml, generateBundle } from '../../../src/app/generate.ts';

const ROOT = new URL('../../../', import.meta.url);

/** Where the golden is kept. */
export const BUNDLE_GOLDEN = new URL('test/golden/bundle/01-hello-website.yaml', ROOT);

/** The bundle of examples/01 as the golden records it (a fixed version: releases do not change it). */
export async function helloWebsiteBundle(): Promise<string> {
  const katalog = new URL('examples/01-hello-website/katalog.yaml', ROOT).pathname;
  const outcome = await generateBundle([katalog], { leaderElection: false, version: '0.0.0-golden' });
  if (outcome.objects === undefined) throw new Error(outcome.report ?? outcome.error ?? 'no bundle');
  return bundleYaml(outcome.objects);
}
