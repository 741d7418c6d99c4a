/** What the Electron shell offers for saving a file; absent in a browser. */
interface SaveShell {
  /** Asks where to save with the native dialog and writes the bytes; null when cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
}

function saveShell(): SaveShell | undefined {
  const found = (window as { clusterwrightShell?: Partial<SaveShell> }).clusterwrightShell;
  return typeof found?.saveFile === 'function' ? (found as SaveShell) : undefined;
}

export function bytesOfBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Hands bytes to the user as a file: the native save dialog under Electron, a download in a
 * browser. Returns where it went (the path, or the download's name), or null when cancelled.
 */
export async function saveFile(
  name: string,
  bytes: Uint8Array,
  type: string,
): Promise<string | null> {
  const native = saveShell();
  if (native) return native.saveFile(name, bytes);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after this task ends; let it go a while later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
