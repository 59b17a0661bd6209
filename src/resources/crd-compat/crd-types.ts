/**
 * The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) that decide whether a change to
 * it breaks the objects already stored: its versions (served, storage, schema) and the versions its
 * status says objects were stored at. Everything is optional: a CRD file is user input, read as is.
 */

/** One node of a version's openAPIV3Schema (the structural subset the comparison walks). */
export interface CrdSchema {
  type?: string;
  description?: string;
  properties?: Record<string, CrdSchema>;
  items?: CrdSchema;
  additionalProperties?: boolean | CrdSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** One entry of `spec.versions`. */
export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: CrdSchema };
}

/** A CRD as far as its compatibility goes. */
export interface CrdDocument {
  metadata?: { name?: string };
  spec?: {
    group?: string;
    names?: { plural?: string; kind?: string };
    scope?: string;
    versions?: CrdVersion[];
  };
  status?: { storedVersions?: string[] };
}
