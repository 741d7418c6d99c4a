import { z } from 'zod';

/**
 * The one safe-name rule. Every element name becomes, somewhere, a DRBD resource name, a
 * Pacemaker id, a corosync value, a file name, a libvirt domain name or a host name, so a
 * name must be valid in all of them at once: a lowercase DNS label that starts with a
 * letter (RFC 1123, 1–63 characters). Nothing else reaches a generator.
 */
export const SAFE_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const SAFE_NAME_HINT =
  'use 1–63 lowercase letters, digits and "-", starting with a letter and not ending with "-"';

export function isSafeName(value: string): boolean {
  return SAFE_NAME.test(value);
}

/**
 * A DNS host name (RFC 1123, lower case): dot-separated labels of letters, digits and "-",
 * none starting or ending with "-", at most 253 characters. Never starts with "-" (an
 * option to ssh), never holds spaces, quotes or shell characters.
 */
export const DNS_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const DNS_NAME_HINT =
  'use a host name such as node1 or node1.example.com: lowercase letters, digits, "-" and dots, no label starting or ending with "-"';

export const dnsName = z.string().regex(DNS_NAME, { error: `not a host name: ${DNS_NAME_HINT}` });

export const safeName = z
  .string()
  .regex(SAFE_NAME, { error: `not a safe name: ${SAFE_NAME_HINT}` });

/** Absolute paths on a node: block devices, mount points, backing files. */
export const SAFE_PATH = /^\/(?:[A-Za-z0-9._+@:-]+\/?)*$/;

export const safePath = z
  .string()
  .max(255)
  .regex(SAFE_PATH, {
    error: 'not a safe absolute path: use "/" followed by letters, digits and . _ + @ : - only',
  })
  .refine((p) => !p.split('/').includes('..'), { error: 'a path may not contain ".."' });

/** An iSCSI qualified name (RFC 3720 §3.2.6.3.1), lowercase as tgt and LIO store it. */
export const IQN =
  /^iqn\.\d{4}-(?:0[1-9]|1[0-2])\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[a-z0-9.:-]{1,200})?$/;

export const iqn = z.string().max(223).regex(IQN, {
  error: 'not an iSCSI qualified name: write it as iqn.YYYY-MM.reversed.domain:identifier',
});

export const ipv4 = z.ipv4({ error: 'not an IPv4 address (like 10.0.0.1)' });
export const cidrv4 = z.cidrv4({ error: 'not an IPv4 network in CIDR form (like 10.0.0.0/24)' });

/** Keys of free-form agent parameters: what OCF and fence agents accept as names. */
export const paramKey = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, {
  error: 'not a safe parameter name: lowercase letters, digits, "_" and "-"',
});

/**
 * A run of an odd number of backslashes right before a double quote or at the end of the text.
 * crmsh 4.4 re-reads every value it stores by wrapping it in double quotes without escaping
 * backslashes, so such a run swallows the closing quote: `crm configure load` and even
 * `crm configure show` on the cluster then fail with "No closing quotation", whichever tool
 * wrote the CIB. No escaping in crm.txt can avoid it; an even run is read back fine.
 */
export const CRMSH_UNREADABLE_BACKSLASH = /(?<!\\)(?:\\\\)*\\(?="|$)/;

/**
 * A double quote, "<" or "&" after a non-ASCII character. Pacemaker 2.1.5 (Debian 12) stops
 * escaping an attribute value at its first non-ASCII character (crm_xml_escape leaves its
 * loop there), so every CIB it writes (cib.xml on disk, crm_diff, cibadmin --query) would
 * carry such a character raw: a broken CIB, or "&amp;" silently read back as "&".
 */
export const PACEMAKER_UNESCAPED_AFTER_NON_ASCII = /[\u0080-\u{10ffff}][^]*["<&]/u;

/**
 * Free-form single-line text (descriptions, agent parameter values). Generators escape it per
 * format; the model only refuses what some format or tool cannot carry: control characters
 * (no line breaks in crm.txt or corosync.conf), the backslashes crmsh cannot read back, and
 * the characters Pacemaker 2.1.5 leaves unescaped.
 */
export const singleLine = z
  .string()
  .max(256, { error: 'too long: at most 256 characters' })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, {
    error: 'may not contain control characters (newline, tab, NUL…)',
  })
  .refine((v) => !CRMSH_UNREADABLE_BACKSLASH.test(v), {
    error:
      'may not end with a backslash or have one right before a double quote: the crm shell ' +
      '(crmsh) cannot read such a value back; remove that backslash or double it',
  })
  .refine((v) => !PACEMAKER_UNESCAPED_AFTER_NON_ASCII.test(v), {
    error:
      'may not have a double quote, "<" or "&" after a non-ASCII character (like "é"): ' +
      'Pacemaker 2.1.5 would write them unescaped and break its CIB; move them before it or ' +
      'leave them out',
  });

/** A reference to a secret kept outside the design (keyring, prompt); never the secret. */
export const secretRef = safeName;

export const port = z.number().int().min(1).max(65535);
