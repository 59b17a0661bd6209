/** PEM, the text form of DER (RFC 7468): base64 in 64-character lines between BEGIN/END labels. */

/** `der` as a PEM block with `label` (e.g. `CERTIFICATE`), ending with a newline. */
export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every PEM block labelled `label` in `text`, in order, each as its own text ending with a newline. */
export function pemBlocks(text: string, label: string): string[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return [...text.matchAll(pattern)].map((m) => `${m[0]}\n`);
}
