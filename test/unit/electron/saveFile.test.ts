import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveFilters, writeSavedFile } from '../../../electron/saveFile.ts';
import { useTempDir } from '../../support/tmp.ts';

describe('saving an export under Electron', () => {
  const tmp = useTempDir('cw-save-');

  it('offers the file type of the suggested name', () => {
    expect(saveFilters('c-bundle.tar.gz')).toEqual([
      { name: 'Bundle archive (tar.gz)', extensions: ['gz'] },
    ]);
    expect(saveFilters('c-diagram.svg')[0]?.extensions).toEqual(['svg']);
    expect(saveFilters('c-diagram.png')[0]?.extensions).toEqual(['png']);
    expect(saveFilters('c-bundle.zip')[0]?.extensions).toEqual(['zip']);
  });

  it('replaces a file whole and leaves no temp file', async () => {
    const dir = tmp();
    const file = join(dir, 'out.zip');
    writeFileSync(file, 'old');
    await writeSavedFile(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['out.zip']);
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    const dir = tmp();
    // A folder where the file should go: the rename fails (EISDIR), whoever runs the test.
    mkdirSync(join(dir, 'out.zip', 'inside'), { recursive: true });
    await expect(writeSavedFile(join(dir, 'out.zip'), new Uint8Array([9]))).rejects.toMatchObject({
      code: 'EISDIR',
    });
    expect(readdirSync(dir)).toEqual(['out.zip']);
  });
});
