import type { Design, Drbd } from '../../model/types.ts';
import { lookup } from '../lookup.ts';

/** The block device of a DRBD volume on every node: /dev/drbd<minor>. */
export function drbdDevicePath(minor: number): string {
  return `/dev/drbd${minor}`;
}

export function findDrbd(design: Design, name: string): Drbd {
  const res = lookup(design).drbd.get(name);
  if (!res) throw new Error(`DRBD resource "${name}" is referenced but not in the design`);
  return res;
}

/** The device of volume `volume` of resource `resource`, as the design references it. */
export function drbdVolumeDevice(design: Design, resource: string, volume: number): string {
  const res = findDrbd(design, resource);
  const vol = res.volumes.find((v) => v.number === volume);
  if (!vol) throw new Error(`DRBD resource "${resource}" has no volume ${volume}`);
  return drbdDevicePath(vol.minor);
}
