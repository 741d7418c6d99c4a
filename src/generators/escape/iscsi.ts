import { UnsafeValueError } from './unsafeValue.ts';

/**
 * tgt's targets.conf (Config::General), IET's ietd.conf and targetcli's command line all
 * split on spaces and have no quoting anyone relies on; `#` starts a comment in the first
 * two and `,`/`=` separate IET's Lun options. So a value there is a word of IQN, path and
 * address characters, or refused.
 */
export function iscsiWord(value: string, format: 'tgt' | 'IET' | 'targetcli'): string {
  if (!/^[A-Za-z0-9._:@/+-]{1,255}$/.test(value)) {
    throw new UnsafeValueError(
      format,
      value,
      'only letters, digits and . _ : @ / + - are allowed (no spaces, quotes, # , =)',
    );
  }
  return value;
}
