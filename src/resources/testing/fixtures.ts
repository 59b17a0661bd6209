/** Shared inputs of the resources tests: a Website CR, its data context and its origin. */
import type { ChildOrigin } from '../builders/labels.ts';
import type { TemplateData } from '../types.ts';

/** The CR every builder test renders against. */
export const websiteCr = {
  apiVersion: 'demo.orkestra.io/v1alpha1',
  kind: 'Website',
  metadata: { name: 'shop', namespace: 'web', uid: '1111-2222', generation: 4 },
  spec: {
    image: 'nginx:1.27',
    replicas: 3,
    port: 8080,
    environment: 'production',
    region: 'eu-west-1',
    databases: ['orders', 'users'],
    tiers: { gold: { size: 3 }, bronze: { size: 1 } },
  },
  status: {},
};

/** The data context of {@link websiteCr}. */
export const websiteData: TemplateData = { ...websiteCr, children: {}, childList: {} };

/** The origin of {@link websiteCr}'s children. */
export const websiteOrigin: ChildOrigin = {
  katalog: 'website-operator',
  crd: 'website',
  owner: {
    apiVersion: 'demo.orkestra.io/v1alpha1',
    kind: 'Website',
    name: 'shop',
    namespace: 'web',
    uid: '1111-2222',
  },
};
