/** Long input shown in a message: a CR may bring a 100,000-character name, a message stays readable. */

/** `text` when at most `max` characters; else its first `keep` and how long it was. */
export function elide(text: string, max = 80, keep = 60): string {
  if (text.length <= max) return text;
  return `${text.slice(0, keep)}… (${String(text.length)} characters)`;
}
