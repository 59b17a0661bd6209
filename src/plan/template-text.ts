/** Which Katalog values are templates: the one rule the compiler, the builders and the runtime share. */

/** True when a value is a template: a string containing `{{`. */
export function isTemplateText(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}
