/** What a box runs. */
import type { Plan } from '../../katalog/index.ts';
import type { AdmissionRules, BoxHooks } from '../reconcile/index.ts';

/** A box's compiled plan and the raw resource groups it renders. */
export interface BoxDefinition {
  plan: Plan;
  hooks: BoxHooks;
  admission: AdmissionRules;
}
