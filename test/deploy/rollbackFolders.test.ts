import { describe, expect, it } from 'vitest';
import { parentDirsOf } from '../../src/deploy/remote/missingDirs.ts';
import { decideFolders, deepestFirst } from '../../src/deploy/rollbackFolders.ts';

describe('the folders a rollback removes', () => {
  it('lists the folders above a path, nearest first, without /', () => {
    expect(parentDirsOf('/etc/clusterwright/secrets/ipmi.sh')).toEqual([
      '/etc/clusterwright/secrets',
      '/etc/clusterwright',
      '/etc',
    ]);
    expect(parentDirsOf('/x')).toEqual([]);
  });

  it('orders folders deepest first', () => {
    expect(deepestFirst(['/a', '/a/b/c', '/a/b', '/z/y', '/a/b'])).toEqual([
      '/a/b/c',
      '/a/b',
      '/z/y',
      '/a',
    ]);
  });

  it('removes a folder left empty by the removals, and its parent when that empties too', () => {
    const entries = new Map([
      ['/etc/cw', ['secrets']],
      ['/etc/cw/secrets', ['a.sh', 'b.sh']],
    ]);
    const r = decideFolders(
      ['/etc/cw', '/etc/cw/secrets'],
      entries,
      new Set(['/etc/cw/secrets/a.sh', '/etc/cw/secrets/b.sh']),
    );
    expect(r.map((f) => [f.path, f.action])).toEqual([
      ['/etc/cw/secrets', 'remove'],
      ['/etc/cw', 'remove'],
    ]);
  });

  it('keeps a folder holding anything else, and every folder above it', () => {
    const entries = new Map([
      ['/n', ['a']],
      ['/n/a', ['b', 'c']],
      ['/n/a/b', ['deployed.conf']],
      ['/n/a/c', ['deployed.conf', 'mine.conf']],
    ]);
    const r = decideFolders(
      ['/n', '/n/a', '/n/a/b', '/n/a/c'],
      entries,
      new Set(['/n/a/b/deployed.conf', '/n/a/c/deployed.conf']),
    );
    expect(r.map((f) => [f.path, f.action])).toEqual([
      ['/n/a/b', 'remove'],
      ['/n/a/c', 'keep'],
      ['/n/a', 'keep'],
      ['/n', 'keep'],
    ]);
    expect(r[1]?.detail).toMatch(/holds 1 other entry \(mine\.conf\)/);
    expect(r[2]?.detail).toMatch(/holds 1 other entry \(c\)/);
  });

  it('a folder already gone is said so; an empty one that was not recorded is not touched', () => {
    const r = decideFolders(['/gone'], new Map([['/other', []]]), new Set());
    expect(r).toEqual([{ path: '/gone', action: 'already', detail: 'not there any more' }]);
  });
});
