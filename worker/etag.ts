/** Bits of SHA-256 kept: 128 make an accidental collision between two answers unthinkable. */
const ETAG_BYTES = 16;

/**
 * A strong ETag computed from the bytes of an answer, so equal answers (the same ImageId after a
 * refresh) keep equal ETags and any change of a byte changes it.
 * @example await strongEtag(new TextEncoder().encode("ami-0006118602dfc1c09\n")) // '"…22 chars…"'
 */
export async function strongEtag(body: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body)).slice(0, ETAG_BYTES);
  const base64 = btoa(String.fromCharCode(...digest));
  return `"${base64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")}"`;
}
