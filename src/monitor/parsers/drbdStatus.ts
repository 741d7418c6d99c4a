import type { DrbdPeerVolume, DrbdResourceStatus } from '../status.ts';

/**
 * DRBD state parsers: `drbdsetup status --json --verbose --statistics` (DRBD 9) and
 * `/proc/drbd` (8.4, where the kernel module reports by minor, not by resource name). Both
 * come out in DRBD 9's words: a connection state and a replication state per peer volume.
 */
export class DrbdStatusParseError extends Error {}

type Json = Record<string, unknown>;

function arr(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]).filter((x) => typeof x === 'object' && x !== null) : [];
}
function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** drbdsetup prints this when it cannot estimate the time left (no progress measured yet). */
const NO_ESTIMATE = 987654321;

function peerVolumeOf(p: Json): DrbdPeerVolume {
  const done = num(p['percent-resync-done']);
  const eta = num(p['estimated-seconds-to-finish']);
  const oos = num(p['out-of-sync']);
  return {
    volume: num(p.volume) ?? 0,
    replication: s(p['replication-state']),
    peerDisk: s(p['peer-disk-state']),
    percentInSync: num(p['percent-in-sync']) ?? 100,
    ...(done !== undefined ? { resyncDone: done } : {}),
    ...(eta !== undefined && eta !== NO_ESTIMATE ? { resyncEtaSeconds: eta } : {}),
    ...(oos !== undefined ? { outOfSyncKiB: oos } : {}),
  };
}

export function parseDrbdStatusJson(text: string): DrbdResourceStatus[] {
  // A node with no resource up prints "[\n]" with --json; nothing at all is the same.
  if (text.trim() === '') return [];
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
  return arr(doc).map((r) => {
    if (typeof r.name !== 'string' || typeof r.role !== 'string')
      throw new DrbdStatusParseError(
        'drbdsetup status --json: a resource without a name or role (not DRBD 9 status output)',
      );
    return {
      name: r.name,
      role: r.role,
      ...(typeof r.suspended === 'boolean' ? { suspended: r.suspended } : {}),
      volumes: arr(r.devices).map((d) => ({
        volume: num(d.volume) ?? 0,
        minor: num(d.minor) ?? 0,
        disk: s(d['disk-state']),
        ...(typeof d.quorum === 'boolean' ? { quorum: d.quorum } : {}),
      })),
      peers: arr(r.connections).map((c) => ({
        peer: s(c.name),
        connection: s(c['connection-state']),
        peerRole: s(c['peer-role']),
        volumes: arr(c.peer_devices).map(peerVolumeOf),
      })),
    };
  });
}

// " 0: cs:SyncSource ro:Primary/Secondary ds:UpToDate/Inconsistent C r-----" (drbd_proc.c)
const MINOR_LINE = /^\s*(\d+): cs:(\S+) ro:([^/\s]+)\/(\S+) ds:([^/\s]+)\/(\S+)/;
const ANY_MINOR = /^\s*\d+: cs:/;
const PROGRESS = /(?:sync'ed|verified):\s*([\d.]+)%/;
const FINISH = /finish: (\d+):(\d\d):(\d\d)/;
const OOS = /\boos:(\d+)/;

/** 8.4 connection states that mean "connected", some with a resync or verify running. */
const CONNECTED_84 = new Set([
  'Connected',
  'StartingSyncS',
  'StartingSyncT',
  'WFBitMapS',
  'WFBitMapT',
  'WFSyncUUID',
  'SyncSource',
  'SyncTarget',
  'VerifyS',
  'VerifyT',
  'PausedSyncS',
  'PausedSyncT',
  'Ahead',
  'Behind',
]);

/** 8.4's one `cs:` field as DRBD 9's connection and replication states. */
function splitConnectionState(cs: string): { connection: string; replication: string } {
  if (CONNECTED_84.has(cs))
    return { connection: 'Connected', replication: cs === 'Connected' ? 'Established' : cs };
  if (cs === 'WFConnection' || cs === 'WFReportParams')
    return { connection: 'Connecting', replication: 'Off' };
  return { connection: cs, replication: 'Off' };
}

export interface Drbd84Minor {
  readonly name: string;
  readonly volume: number;
  readonly peer: string;
  /** The volume's size from the design, to turn `oos:` into a percentage in sync. */
  readonly sizeKiB?: number;
}

/** /proc/drbd has no device size: without one from the design, only a resync tells. */
function percentInSync84(oos: number | undefined, done: number | undefined, sizeKiB?: number) {
  if (oos !== undefined && sizeKiB !== undefined && sizeKiB > 0)
    return Math.max(0, Math.round(10000 * (1 - oos / sizeKiB)) / 100);
  if (done !== undefined) return done;
  return oos === undefined || oos === 0 ? 100 : 0;
}

/**
 * Parses /proc/drbd of DRBD 8.4. Minors are mapped to resource names with `minorToResource`
 * (from the design), since 8.4 does not print names; an unknown minor is `minor-<n>`.
 */
export function parseProcDrbd(
  text: string,
  minorToResource: ReadonlyMap<number, Drbd84Minor>,
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
      peerVolumes: DrbdPeerVolume[];
    }
  >();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = MINOR_LINE.exec(lines[i] ?? '');
    if (!m) continue; // headers, counters, blank lines and "cs:Unconfigured" minors
    const minor = Number(m[1]);
    const { connection, replication } = splitConnectionState(m[2] ?? '');
    const owner = minorToResource.get(minor) ?? { name: `minor-${minor}`, volume: 0, peer: 'peer' };
    let done: number | undefined;
    let eta: number | undefined;
    let oos: number | undefined;
    // The counters line, then a progress and a finish line while a resync or verify runs.
    for (let j = i + 1; j < lines.length && !ANY_MINOR.test(lines[j] ?? ''); j++) {
      const line = lines[j] ?? '';
      const o = OOS.exec(line);
      if (o) oos = Number(o[1]);
      const p = PROGRESS.exec(line);
      if (p) done = Number(p[1]);
      const f = FINISH.exec(line);
      if (f) eta = Number(f[1]) * 3600 + Number(f[2]) * 60 + Number(f[3]);
    }
    const entry = byName.get(owner.name) ?? {
      name: owner.name,
      role: m[3] ?? '',
      volumes: [],
      peer: owner.peer,
      connection,
      peerRole: m[4] ?? '',
      peerVolumes: [],
    };
    entry.volumes.push({ volume: owner.volume, minor, disk: m[5] ?? '' });
    entry.peerVolumes.push({
      volume: owner.volume,
      replication,
      peerDisk: m[6] ?? '',
      percentInSync: percentInSync84(oos, done, owner.sizeKiB),
      ...(done !== undefined ? { resyncDone: done } : {}),
      ...(eta !== undefined ? { resyncEtaSeconds: eta } : {}),
      ...(oos !== undefined ? { outOfSyncKiB: oos } : {}),
    });
    byName.set(owner.name, entry);
  }
  return [...byName.values()].map((e) => ({
    name: e.name,
    role: e.role,
    volumes: e.volumes,
    peers: [
      { peer: e.peer, connection: e.connection, peerRole: e.peerRole, volumes: e.peerVolumes },
    ],
  }));
}
