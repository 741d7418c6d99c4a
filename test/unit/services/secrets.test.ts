import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptHidden } from '../../../src/cli/prompt.ts';
import {
  ChainedSecretStore,
  EnvSecretStore,
  FileSecretStore,
  collectSecrets,
  secretEnvName,
} from '../../../src/services/secrets.ts';
import { useTempDir } from '../../support/tmp.ts';

const tempDir = useTempDir('cw-secrets-');

describe('secret stores', () => {
  it('a file store keeps values in a 0600 file and refuses one others can read', async () => {
    const file = join(tempDir(), 'sub', 'secrets.json');
    const store = new FileSecretStore(file);
    expect(await store.get('chap-a')).toBeUndefined();
    await store.set('chap-a', 's3\'cr"et');
    await store.set('ipmi-b', 'pw');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(await store.get('chap-a')).toBe('s3\'cr"et');
    expect(await store.names()).toEqual(['chap-a', 'ipmi-b']);
    await store.delete('chap-a');
    expect(await store.names()).toEqual(['ipmi-b']);
    expect(await store.warning()).toMatch(/plain text/);

    chmodSync(file, 0o644);
    await expect(store.get('ipmi-b')).rejects.toThrow(`run: chmod 600 ${file}`);
    chmodSync(file, 0o600);
    writeFileSync(file, '{"Bad Name": "x"}');
    await expect(store.get('x')).rejects.toThrow(/lower-case names/);
  });

  it('the environment store reads CLUSTERWRIGHT_SECRET_<NAME> and cannot be written', async () => {
    expect(secretEnvName('ipmi-alpha')).toBe('CLUSTERWRIGHT_SECRET_IPMI_ALPHA');
    const store = new EnvSecretStore({
      CLUSTERWRIGHT_SECRET_IPMI_ALPHA: 'pw',
      CLUSTERWRIGHT_SECRET_EMPTY: '',
    });
    expect(await store.get('ipmi-alpha')).toBe('pw');
    expect(await store.get('empty')).toBeUndefined();
    expect(await store.names()).toEqual(['ipmi-alpha']);
    await expect(store.set('x', 'y')).rejects.toThrow(/CLUSTERWRIGHT_SECRET_X/);
  });

  it('a chain asks each store in turn, writes to the first that takes it, and a prompt fills the rest', async () => {
    const file = join(tempDir(), 'secrets.json');
    const chain = new ChainedSecretStore([
      new EnvSecretStore({ CLUSTERWRIGHT_SECRET_A: 'from-env' }),
      new FileSecretStore(file),
    ]);
    await chain.set('b', 'from-file');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ b: 'from-file' });
    const asked: string[] = [];
    const found = await collectSecrets(chain, ['a', 'b', 'c', 'd'], async (n) => {
      asked.push(n);
      return n === 'c' ? 'typed' : undefined;
    });
    expect([...found]).toEqual([
      ['a', 'from-env'],
      ['b', 'from-file'],
      ['c', 'typed'],
    ]);
    expect(asked).toEqual(['c', 'd']);
  });

  it('the prompt reads a line from a pipe and echoes nothing', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const echoed: string[] = [];
    output.on('data', (d: Buffer) => echoed.push(d.toString()));
    const answer = promptHidden('secret "a": ', input, output);
    input.write('hunter2\nrest');
    expect(await answer).toBe('hunter2');
    expect(echoed.join('')).toBe('secret "a": \n');
    const none = promptHidden('again: ', input, output);
    input.end();
    expect(await none).toBe('rest');
  });
});
