/** What a box runs. */
import type { LoadedKatalog, Plan } from '../../katalog/index.ts';
import type { AdmissionRules, BoxHooks } from '../reconcile/index.ts';

/** A box's compiled plan and the raw resource groups it renders. */
export interface BoxDefinition {
  plan: Plan;
  hooks: BoxHooks;
  admission: AdmissionRules;
}

/**
 * The definition of the box of `plan`: its resource groups, status and admission blocks as the
 * Katalog wrote them. Used by `ork run` and by `ork render`, so both reconcile exactly the same thing.
 */
export function boxDefinitionOf(katalog: LoadedKatalog, plan: Plan): BoxDefinition {
  const entry = katalog.crds.find((c) => c.key === plan.key)?.entry;
  const box = entry?.operatorBox;
  return {
    plan,
    hooks: {
      onCreate: box?.onCreate,
      onReconcile: box?.onReconcile,
      onDelete: box?.onDelete,
      status: box?.status,
    },
    admission: { mutation: entry?.mutation, validation: entry?.validation },
  };
}
