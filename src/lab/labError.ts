/** A lab problem a user can act on: the message says what went wrong and what to do. */
export class LabError extends Error {
  override readonly name: string = 'LabError';
}

/** This host cannot run a lab at all (not Linux, not root, software missing). */
export class LabHostError extends LabError {
  override readonly name: string = 'LabHostError';
}
