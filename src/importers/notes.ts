/**
 * What an import could not carry into the design. Nothing an input file says is dropped
 * without one of these: each names the file (and line, when the format has lines), the
 * element it belongs to, what was there, and where it was kept.
 */
export interface ImportNote {
  readonly file: string;
  readonly line?: number;
  /** The design element the note belongs to, by its name in the imported design. */
  readonly element?: string;
  readonly what: string;
  /**
   * "description": summarised in the element's description as well as here.
   * "note": kept only in this note (the design cannot hold it).
   * "replaced": the design holds a different value, which `what` names.
   */
  readonly keptAs: 'description' | 'note' | 'replaced';
}

/** Where a fact was read: a file and, for line-based formats, a line. */
export interface Source {
  readonly file: string;
  readonly line?: number;
}

/** A problem that makes an input file unreadable: bad syntax, not the expected format. */
export interface ImportError {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export class ImportSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
  }

  toImportError(): ImportError {
    return {
      file: this.file,
      ...(this.line !== undefined ? { line: this.line } : {}),
      message: this.message.replace(/^[^:]*(?::\d+)?: /, ''),
    };
  }
}

/** A note before element names are final: `key` names its element ("drbd:r0", "vm:web"). */
export interface PendingNote {
  readonly source: Source;
  readonly what: string;
  readonly key?: string;
  /** A few words for the element's description ("net.cram-hmac-alg"); absent: note only. */
  readonly label?: string;
  readonly replaced?: boolean;
}

export interface NoteOptions {
  readonly key?: string;
  readonly label?: string;
  /** The design holds another value than the file did; `what` says which. */
  readonly replaced?: boolean;
}

/** Collects notes while parsing; assemble.ts resolves keys to names and fills descriptions. */
export class Notes {
  readonly pending: PendingNote[] = [];

  add(source: Source, what: string, options: NoteOptions = {}): void {
    this.pending.push({ source, what, ...options });
  }
}
