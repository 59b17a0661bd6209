/**
 * The YAML library behind `toYaml`, loaded on demand. Of all the template functions only toYaml
 * needs it, and an operator whose Katalog never calls it should not carry it (~1.5 MB of resident
 * memory). Whoever renders templates that may call toYaml awaits {@link loadYamlLibrary} first:
 * an operator box when its Katalog entry mentions toYaml, the render and generate tools always.
 */
type YamlLibrary = typeof import('yaml');

let library: YamlLibrary | undefined;

/** Loads the library once; later calls resolve at once. */
export async function loadYamlLibrary(): Promise<void> {
  library ??= (await import('yaml')).default;
}

/** The loaded library. @throws Error when {@link loadYamlLibrary} was not awaited before. */
export function yamlLibrary(): YamlLibrary {
  if (library === undefined) throw new Error('toYaml: the YAML library was not loaded before rendering');
  return library;
}
