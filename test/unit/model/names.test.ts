import { describe, expect, it } from 'vitest';
import { isSafeName } from '../../../src/model/values.ts';

describe('the safe-name rule', () => {
  it.each(['a', 'alpha', 'node-1', 'r0', 'vm-web-01', 'a'.repeat(63)])('accepts %j', (name) => {
    expect(isSafeName(name)).toBe(true);
  });

  it.each([
    '',
    'Alpha',
    '1node',
    '-node',
    'node-',
    'a_b',
    'a.b',
    'a b',
    "a'b",
    'a"b',
    'a;b',
    'a{b',
    'a}b',
    'a\nb',
    'a\rb',
    'a\0b',
    '$(reboot)',
    '`id`',
    'a/b',
    'ünïcode',
    'a'.repeat(64),
  ])('refuses %j', (name) => {
    expect(isSafeName(name)).toBe(false);
  });
});
