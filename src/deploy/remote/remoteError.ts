/** A remote operation ran but its command failed (as opposed to a TransportError). */
export class RemoteCommandError extends Error {
  override readonly name = 'RemoteCommandError';
  constructor(
    /** `user@host:port` or `local`. */
    readonly target: string,
    /** What was being done, e.g. `write /etc/corosync/corosync.conf`. */
    readonly operation: string,
    readonly code: number,
    readonly stderr: string,
  ) {
    super(
      `${target}: ${operation} failed (exit ${code})${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
    );
  }
}
