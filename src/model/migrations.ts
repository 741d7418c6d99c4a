import { SCHEMA_VERSION } from './schema.ts';

/**
 * Design files from older versions are brought up to date step by step, before the schema sees
 * them. Each step takes the plain parsed YAML of version N and returns version N+1.
 *
 * Version 1 (Clusterwright 0.0.x) kept `version:` at the top, SSH endpoints as
 * "user@host:port" strings, node capacity as flat `cpus`/`memoryMB` fields and the layout as
 * a list of `{ id, x, y }`.
 */
type Raw = Record<string, unknown>;

export class MigrationError extends Error {}

const steps: Readonly<Record<number, (raw: Raw) => Raw>> = {
  1: (raw) => {
    const { version: _version, layout, nodes, ...rest } = raw;
    const out: Raw = { schemaVersion: 2, ...rest };
    if (Array.isArray(nodes)) {
      out.nodes = nodes.map((n: unknown) => (isRecord(n) ? migrateNodeV1(n) : n));
    }
    if (Array.isArray(layout)) {
      const positions: Raw = {};
      for (const p of layout) {
        if (isRecord(p) && typeof p.id === 'string') positions[p.id] = { x: p.x, y: p.y };
      }
      out.layout = positions;
    } else if (layout !== undefined) {
      out.layout = layout;
    }
    return out;
  },
};

function migrateNodeV1(node: Raw): Raw {
  const { ssh, cpus, memoryMB, ...rest } = node;
  const out: Raw = { ...rest };
  if (cpus !== undefined || memoryMB !== undefined) out.capacity = { cpus, memoryMiB: memoryMB };
  if (typeof ssh === 'string') {
    const m = /^(?:([^@]+)@)?([^:]+)(?::(\d+))?$/.exec(ssh);
    if (!m)
      throw new MigrationError(
        `node "${String(node.name)}": cannot read ssh "${ssh}" as user@host:port`,
      );
    out.ssh = {
      host: m[2],
      ...(m[3] ? { port: Number(m[3]) } : {}),
      ...(m[1] ? { user: m[1] } : {}),
    };
  } else if (ssh !== undefined) {
    out.ssh = ssh;
  }
  return out;
}

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The version a raw design declares: `schemaVersion`, or `version` in version 1 files. */
export function declaredVersion(raw: Raw): unknown {
  return raw.schemaVersion ?? raw.version;
}

/** Returns the raw design at SCHEMA_VERSION, and the version it came from. */
export function migrate(raw: Raw): { raw: Raw; from: number } {
  const from = declaredVersion(raw);
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new MigrationError(
      `the file has no valid schemaVersion (found ${JSON.stringify(from)}); add "schemaVersion: ${SCHEMA_VERSION}" at the top`,
    );
  }
  if (from > SCHEMA_VERSION) {
    throw new MigrationError(
      `the file was written by a newer Clusterwright (schemaVersion ${from}; this one reads up to ${SCHEMA_VERSION}); upgrade Clusterwright to open it`,
    );
  }
  let current = raw;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = steps[v];
    if (!step) throw new MigrationError(`no migration from schemaVersion ${v}`);
    current = step(current);
  }
  return { raw: current, from };
}
