import { createHash } from 'node:crypto';

/** A host key's fingerprint as OpenSSH prints it: `SHA256:` + base64 without padding. */
export function fingerprintOf(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of an SSH public key blob (`ssh-ed25519`, `ssh-rsa`…). */
export function keyTypeOf(keyBlob: Uint8Array): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = Buffer.from(keyBlob.buffer, keyBlob.byteOffset, keyBlob.length).readUInt32BE(0);
  if (len > 64 || 4 + len > keyBlob.length) return 'unknown';
  return Buffer.from(keyBlob.subarray(4, 4 + len)).toString('latin1');
}
