import type { Design } from '../../model/types.ts';
import { DEFAULT_MODE, groupName } from './inventory.ts';
import { octalMode } from '../manifest.ts';
import { VALIDATE_COMMANDS } from './validateCommands.ts';
import type { YamlMap } from './yamlText.ts';
import { yamlText } from './yamlText.ts';

/** Where the CIB push keeps its working copies on the first node. */
export const CIB_WORKDIR = '/var/lib/clusterwright';

type Task = YamlMap;
type Play = YamlMap;

function play(name: string, hosts: string, tasks: Task[], extra: YamlMap = {}): Play {
  return { name, hosts, become: true, ...extra, tasks };
}

function packagesPlay(group: string): Play {
  return play('Install the cluster packages', group, [
    {
      name: 'Install the Debian packages this node needs',
      'ansible.builtin.apt': { name: '{{ cw_packages }}', state: 'present', update_cache: true },
    },
  ]);
}

/**
 * The corosync authkey is made once on the first node and copied to the others through a
 * temporary folder on the control host that is removed afterwards. It never enters the
 * design or the bundle.
 */
function authkeyPlay(group: string, first: string): Play {
  const key = '/etc/corosync/authkey';
  return play('Corosync authkey, made on the first node and shared', group, [
    {
      block: [
        {
          name: 'Make a private temporary folder on the control host',
          'ansible.builtin.tempfile': { state: 'directory', suffix: '.cw-authkey' },
          register: 'cw_keydir',
          delegate_to: 'localhost',
          run_once: true,
          become: false,
        },
        {
          name: 'Create the authkey on the first node unless it exists',
          'ansible.builtin.command': { argv: ['corosync-keygen'], creates: key },
          delegate_to: first,
          run_once: true,
        },
        {
          name: 'Fetch the authkey to the control host',
          'ansible.builtin.fetch': {
            src: key,
            dest: '{{ cw_keydir.path }}/authkey',
            flat: true,
          },
          delegate_to: first,
          run_once: true,
        },
        {
          name: 'Copy the authkey to every node',
          'ansible.builtin.copy': {
            src: '{{ cw_keydir.path }}/authkey',
            dest: key,
            owner: 'root',
            group: 'root',
            mode: '0400',
          },
        },
      ],
      always: [
        {
          name: 'Remove the authkey from the control host',
          'ansible.builtin.file': { path: '{{ cw_keydir.path }}', state: 'absent' },
          delegate_to: 'localhost',
          run_once: true,
          become: false,
          when: 'cw_keydir.path is defined',
        },
      ],
    },
  ]);
}

function copyPlay(group: string): Play {
  return play(
    'Copy the configuration files',
    group,
    [
      {
        name: 'Copy each file atomically, keeping a backup, after its own tool accepts it',
        'ansible.builtin.copy': {
          src: '{{ playbook_dir }}/../nodes/{{ inventory_hostname }}{{ item.dest }}',
          dest: '{{ item.dest }}',
          mode: `{{ item.mode | default('${octalMode(DEFAULT_MODE)}') }}`,
          owner: 'root',
          group: 'root',
          backup: true,
          validate: '{{ cw_validate[item.validate] if item.validate is defined else omit }}',
        },
        loop: '{{ cw_files }}',
        loop_control: { label: '{{ item.dest }}' },
      },
    ],
    { vars: { cw_validate: { ...VALIDATE_COMMANDS } } },
  );
}

function drbdPlay(group: string): Play {
  return play('Bring up DRBD', group, [
    {
      name: 'Look for DRBD meta data',
      'ansible.builtin.command': { argv: ['drbdadm', 'dump-md', '{{ item }}'] },
      loop: '{{ cw_drbd_resources }}',
      register: 'cw_md',
      changed_when: false,
      failed_when: false,
    },
    {
      name: 'Create DRBD meta data only where there is none',
      'ansible.builtin.command': { argv: ['drbdadm', 'create-md', '{{ item.item }}'] },
      loop: '{{ cw_md.results }}',
      loop_control: { label: '{{ item.item }}' },
      when: "'No valid meta data found' in item.stderr",
    },
    {
      name: 'Bring each resource up, or to its new configuration',
      'ansible.builtin.command': { argv: ['drbdadm', 'adjust', '{{ item }}'] },
      loop: '{{ cw_drbd_resources }}',
    },
    {
      name: 'Read the disk states',
      'ansible.builtin.command': { argv: ['drbdadm', 'dstate', '{{ item }}'] },
      loop: '{{ cw_drbd_initial }}',
      register: 'cw_dstate',
      changed_when: false,
    },
    {
      // Only a brand-new resource (every disk Inconsistent) gets its initial sync started.
      name: 'Start the initial sync of a new resource from its first node',
      'ansible.builtin.command': {
        argv: ['drbdadm', 'primary', '--force', '{{ item.item }}'],
      },
      loop: '{{ cw_dstate.results }}',
      loop_control: { label: '{{ item.item }}' },
      when: "item.stdout_lines | reject('match', '^Inconsistent(/Inconsistent)+$') | list | length == 0",
      register: 'cw_forced',
    },
    {
      name: 'Hand the new resource back to Pacemaker (secondary)',
      'ansible.builtin.command': { argv: ['drbdadm', 'secondary', '{{ item.item.item }}'] },
      loop: '{{ cw_forced.results }}',
      loop_control: { label: '{{ item.item.item }}' },
      when: 'item is changed',
    },
  ]);
}

function startPlay(group: string): Play {
  return play('Start corosync and Pacemaker', group, [
    {
      name: 'Enable and start corosync, then Pacemaker',
      'ansible.builtin.systemd': { name: '{{ item }}', enabled: true, state: 'started' },
      loop: ['corosync', 'pacemaker'],
    },
    {
      name: 'Wait until the cluster has quorum',
      'ansible.builtin.command': { argv: ['crm_node', '--quorum'] },
      register: 'cw_quorum',
      until: "cw_quorum.stdout | trim == '1'",
      retries: 60,
      delay: 5,
      changed_when: false,
    },
  ]);
}

/**
 * Pushes cluster/cib.xml as a patch, as pcs does: the new CIB gets the live status section
 * (so the patch touches only the configuration), crm_diff computes the difference against
 * the live CIB and cibadmin applies it; nothing is pushed when they are the same.
 */
function cibPlay(first: string): Play {
  const neu = `${CIB_WORKDIR}/cib-new.xml`;
  const live = `${CIB_WORKDIR}/cib-live.xml`;
  const status = `${CIB_WORKDIR}/status.xml`;
  return play('Push the Pacemaker configuration', first, [
    {
      name: 'Make the working folder',
      'ansible.builtin.file': { path: CIB_WORKDIR, state: 'directory', mode: '0700' },
    },
    {
      name: 'Copy the generated CIB',
      'ansible.builtin.copy': {
        src: '{{ playbook_dir }}/../cluster/cib.xml',
        dest: neu,
        mode: '0600',
      },
    },
    {
      name: 'Read the live status section',
      'ansible.builtin.command': { argv: ['cibadmin', '--query', '--scope', 'status'] },
      register: 'cw_status',
      changed_when: false,
    },
    {
      name: 'Save the live status section',
      'ansible.builtin.copy': { content: '{{ cw_status.stdout }}', dest: status, mode: '0600' },
    },
    {
      name: 'Give the new CIB the live status',
      'ansible.builtin.command': {
        argv: ['cibadmin', '--replace', '--scope', 'status', '--xml-file', status],
      },
      environment: { CIB_file: neu },
    },
    {
      name: 'Read the live CIB',
      'ansible.builtin.command': { argv: ['cibadmin', '--query'] },
      register: 'cw_live',
      changed_when: false,
    },
    {
      name: 'Save the live CIB',
      'ansible.builtin.copy': { content: '{{ cw_live.stdout }}', dest: live, mode: '0600' },
    },
    {
      name: 'Compute the difference',
      'ansible.builtin.command': {
        argv: ['crm_diff', '--no-version', '--original', live, '--new', neu],
      },
      register: 'cw_diff',
      changed_when: false,
      failed_when: 'cw_diff.rc not in [0, 1]',
    },
    {
      name: 'Apply it as a patch (nothing to do when they are the same)',
      'ansible.builtin.command': {
        argv: ['cibadmin', '--patch', '--xml-pipe'],
        stdin: '{{ cw_diff.stdout }}',
      },
      when: 'cw_diff.rc == 1',
    },
    {
      name: 'Check the running configuration',
      'ansible.builtin.command': { argv: ['crm_verify', '--live-check'] },
      changed_when: false,
    },
  ]);
}

/**
 * Initiators log in once Pacemaker runs the targets: the script exits 15 when the session
 * already exists, which is success for a playbook run again.
 */
function iscsiLoginPlay(group: string): Play {
  return play('Log the iSCSI initiators in', group, [
    {
      name: 'Run the login script of each target, waiting for the target to come up',
      'ansible.builtin.command': { argv: ['{{ item }}'] },
      loop: '{{ cw_iscsi_logins }}',
      register: 'cw_login',
      until: 'cw_login.rc in [0, 15]',
      retries: 30,
      delay: 5,
      changed_when: 'cw_login.rc == 0',
      failed_when: 'cw_login.rc not in [0, 15]',
    },
  ]);
}

/** site.yml: the bring-up order of the README as plays, safe to run again. */
export function siteYaml(design: Design): string {
  const { comment, value } = site(design);
  return yamlText(comment, value);
}

/** The playbook as data, with the comment on top of the file. */
export function site(design: Design): {
  readonly comment: string;
  readonly value: readonly Play[];
} {
  const group = groupName(design);
  const first = design.nodes[0]?.name;
  const c = design.cluster.corosync;
  const crypto = c.cipher !== 'none' || c.hash !== 'none';
  const plays: Play[] = [packagesPlay(group)];
  if (crypto && first !== undefined) plays.push(authkeyPlay(group, first));
  plays.push(copyPlay(group));
  if (design.drbd.length > 0) plays.push(drbdPlay(group));
  plays.push(startPlay(group));
  if (first !== undefined) plays.push(cibPlay(first));
  if (design.iscsiInitiators.length > 0) plays.push(iscsiLoginPlay(group));
  return {
    comment: ` Applies the Clusterwright bundle of cluster ${design.cluster.name}, in the bring-up order of README.md.\n Run from this folder: ansible-playbook -i inventory.yml site.yml`,
    value: plays,
  };
}
