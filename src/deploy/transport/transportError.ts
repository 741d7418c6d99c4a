/**
 * Why a connection or a command over it failed, as something a caller can switch on:
 * - unreachable: no route, refused, DNS failure (the node or its sshd is down)
 * - auth: every offered credential was rejected
 * - hostkey-unknown: the host key is not known and nobody confirmed it (`fingerprint` set)
 * - hostkey-changed: the host key differs from the stored one (`fingerprint`, `knownFingerprints`)
 * - timeout: no handshake in time, keepalives unanswered, or a command ran too long
 * - closed: the connection ended under a running command, or was already closed
 */
export type TransportErrorKind =
  'unreachable' | 'auth' | 'hostkey-unknown' | 'hostkey-changed' | 'timeout' | 'closed';

export interface TransportErrorDetails {
  /** The connection it concerns (`user@host:port`). */
  readonly target: string;
  /** SHA256 fingerprint the host presented (`SHA256:…`), for the host key kinds. */
  readonly fingerprint?: string;
  /** The host key type presented (`ssh-ed25519`…), for the host key kinds. */
  readonly keyType?: string;
  /** Fingerprints on record, for 'hostkey-changed'. */
  readonly knownFingerprints?: readonly string[];
  readonly cause?: unknown;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly kind: TransportErrorKind;
  readonly target: string;
  readonly fingerprint?: string;
  readonly keyType?: string;
  readonly knownFingerprints?: readonly string[];

  constructor(kind: TransportErrorKind, message: string, details: TransportErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.target = details.target;
    if (details.fingerprint !== undefined) this.fingerprint = details.fingerprint;
    if (details.keyType !== undefined) this.keyType = details.keyType;
    if (details.knownFingerprints !== undefined) this.knownFingerprints = details.knownFingerprints;
  }
}

export function isTransportError(e: unknown, kind?: TransportErrorKind): e is TransportError {
  return e instanceof TransportError && (kind === undefined || e.kind === kind);
}
