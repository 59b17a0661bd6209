/** The product version, shown by `ork --version` and sent in the user agent. */
export const VERSION = '0.1.0';
