/** A lab problem a user can act on: the message says what went wrong and what to do. */
export class LabError extends Error {
  override readonly name = 'LabError';
}
