/** Refuses every key of the language the runtime does not honour yet, where it is written. */
import { visitKeys } from '../load/schema-keys.ts';
import type { KatalogDocument } from '../load/types.ts';
import { toPlain } from '../load/yaml-bounds.ts';
import { Katalog } from '../schema/katalog.ts';
import { acceptedText, notYetSupported } from '../schema/support.ts';
import type { Reporter } from './report.ts';

/** Reports each use of a key marked not supported yet (see schema/support.ts) in each file. */
export function checkSupport(documents: readonly KatalogDocument[], r: Reporter): void {
  for (const doc of documents) {
    const first = doc.source.documents[0];
    const written = first === undefined ? undefined : toPlain(first).value; // bounds checked at load
    visitKeys(Katalog, written, (path, schemas, value) => {
      const marking = schemas.map((s) => notYetSupported.get(s)).find((m) => m !== undefined);
      if (marking === undefined || marking.honours?.test(value) === true) return;
      const key = String(path.at(-1));
      r.at(doc.source, path, {
        code: 'not-supported-yet',
        message: `\`${key}\` is not supported yet (${marking.feature}); the runtime would ignore it`,
        hint: acceptedText(marking),
      });
    });
  }
}
