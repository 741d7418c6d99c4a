import type { Diagnostic } from '../../model/diagnostic.ts';
import type { BlockDeviceRef, Design } from '../../model/types.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag } from '../diag.ts';
import type { Rule } from '../rule.ts';

function deviceKey(dev: BlockDeviceRef): string | undefined {
  if (dev.kind === 'drbd') return `DRBD ${dev.resource} volume ${dev.volume}`;
  if (dev.kind === 'iscsi') return `iSCSI ${dev.target} LUN ${dev.lun}`;
  return undefined;
}

/** A block device has one user: two writers that do not know of each other destroy it. */
export const storageUseRule: Rule = {
  codes: ['storage-shared-device', 'fs-cluster-fs-single-primary', 'fs-local-fs-dual-primary'],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const users = new Map<string, string>();
    const use = (dev: BlockDeviceRef, user: string, path: (string | number)[]): void => {
      const key = deviceKey(dev);
      if (key === undefined) return;
      const other = users.get(key);
      if (other !== undefined) {
        out.push(
          diag(
            'storage-shared-device',
            'error',
            [user, other],
            path,
            `"${user}" and "${other}" both use ${key}: two users writing one block device corrupt it`,
            'give each VM, LUN and filesystem its own volume',
          ),
        );
      } else users.set(key, user);
    };
    design.iscsiTargets.forEach((t, i) =>
      t.luns.forEach((l, j) => use(l.backing, t.name, ['iscsiTargets', i, 'luns', j, 'backing'])),
    );
    design.vms.forEach((vm, i) =>
      vm.disks.forEach((d, j) => use(d, vm.name, ['vms', i, 'disks', j])),
    );
    design.filesystems.forEach((fs, i) => {
      use(fs.device, fs.name, ['filesystems', i, 'device']);
      if (fs.device.kind !== 'drbd') return;
      const d = index.drbd.get(fs.device.resource);
      if (!d) return;
      const clusterFs = fs.fstype === 'gfs2' || fs.fstype === 'ocfs2';
      if (clusterFs && !d.dualPrimary) {
        out.push(
          diag(
            'fs-cluster-fs-single-primary',
            'warning',
            [fs.name, d.name],
            ['filesystems', i, 'fstype'],
            `filesystem "${fs.name}" is ${fs.fstype}, a cluster filesystem, on single-primary DRBD resource "${d.name}": only one node can mount it anyway`,
            `use ext4 or xfs, or make ${d.name} dual-primary to mount it on two nodes`,
          ),
        );
      } else if (!clusterFs && d.dualPrimary) {
        out.push(
          diag(
            'fs-local-fs-dual-primary',
            'warning',
            [fs.name, d.name],
            ['filesystems', i, 'fstype'],
            `filesystem "${fs.name}" is ${fs.fstype} on dual-primary DRBD resource "${d.name}": mounting it on both primaries corrupts it`,
            'use gfs2 or ocfs2 for a filesystem mounted on two nodes, or make the resource single-primary',
          ),
        );
      }
    });
    return out;
  },
};
