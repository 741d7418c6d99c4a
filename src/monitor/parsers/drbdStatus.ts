import type { DrbdResourceStatus } from '../status.ts';

/**
 * DRBD state parsers: `drbdsetup status --json` (DRBD 9) and `/proc/drbd` (8.4, where the
 * kernel module reports by minor, not by resource name).
 */
export class DrbdStatusParseError extends Error {}

type Json = Record<string, unknown>;

function arr(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}
function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function n(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function parseDrbdStatusJson(text: string): DrbdResourceStatus[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DrbdStatusParseError(
      `drbdsetup status --json output is not JSON: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(doc))
    throw new DrbdStatusParseError('drbdsetup status --json output is not a list of resources');
  return arr(doc).map((r) => ({
    name: s(r.name),
    role: s(r.role),
    volumes: arr(r.devices).map((d) => ({
      volume: n(d.volume),
      minor: n(d.minor),
      disk: s(d['disk-state']),
      ...(typeof d.quorum === 'boolean' ? { quorum: d.quorum } : {}),
    })),
    peers: arr(r.connections).map((c) => ({
      peer: s(c.name),
      connection: s(c['connection-state']),
      peerRole: s(c['peer-role']),
      volumes: arr(c.peer_devices).map((p) => ({
        volume: n(p.volume),
        replication: s(p['replication-state']),
        peerDisk: s(p['peer-disk-state']),
        percentInSync: n(p['percent-in-sync'], 100),
      })),
    })),
  }));
}

const MINOR_LINE = /^\s*(\d+): cs:(\S+) ro:([^/\s]+)\/(\S+) ds:([^/\s]+)\/(\S+)/;
const SYNCED = /sync'ed:\s*([\d.]+)%/;

/**
 * Parses /proc/drbd of DRBD 8.4. Minors are mapped to resource names with `minorToResource`
 * (from the design), since 8.4 does not print names.
 */
export function parseProcDrbd(
  text: string,
  minorToResource: ReadonlyMap<number, { name: string; volume: number; peer: string }>,
): DrbdResourceStatus[] {
  if (!/^version: 8\./m.test(text))
    throw new DrbdStatusParseError('not /proc/drbd of DRBD 8.x (no "version: 8." line)');
  const byName = new Map<
    string,
    {
      name: string;
      role: string;
      volumes: DrbdResourceStatus['volumes'][number][];
      peer: string;
      connection: string;
      peerRole: string;
      peerVolumes: DrbdResourceStatus['peers'][number]['volumes'][number][];
    }
  >();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = MINOR_LINE.exec(lines[i] ?? '');
    if (!m) continue;
    const minor = Number(m[1]);
    const cs = m[2] ?? '';
    const owner = minorToResource.get(minor) ?? { name: `minor-${minor}`, volume: 0, peer: 'peer' };
    let percent = 100;
    // The resync progress line follows the counters line while a sync runs.
    for (let j = i + 1; j < lines.length && !MINOR_LINE.test(lines[j] ?? ''); j++) {
      const p = SYNCED.exec(lines[j] ?? '');
      if (p) percent = Number(p[1]);
    }
    if (cs.startsWith('Sync') && percent === 100) percent = 0;
    const entry = byName.get(owner.name) ?? {
      name: owner.name,
      role: m[3] ?? '',
      volumes: [],
      peer: owner.peer,
      connection: cs,
      peerRole: m[4] ?? '',
      peerVolumes: [],
    };
    entry.volumes.push({ volume: owner.volume, minor, disk: m[5] ?? '' });
    entry.peerVolumes.push({
      volume: owner.volume,
      replication: cs,
      peerDisk: m[6] ?? '',
      percentInSync: percent,
    });
    byName.set(owner.name, entry);
  }
  return [...byName.values()].map((e) => ({
    name: e.name,
    role: e.role,
    volumes: e.volumes,
    peers: [
      {
        peer: e.peer,
        connection:
          e.connection.startsWith('Sync') || e.connection === 'Connected'
            ? 'Connected'
            : e.connection,
        peerRole: e.peerRole,
        volumes: e.peerVolumes,
      },
    ],
  }));
}
