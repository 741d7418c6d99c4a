import type { Diagnostic } from '../../model/diagnostic.ts';
import type { Design } from '../../model/types.ts';
import { nodeHostname } from '../../model/elements.ts';
import type { DesignIndex } from '../designIndex.ts';
import { diag, listing } from '../diag.ts';
import type { Rule } from '../rule.ts';

const KNET_MAX_LINKS = 8;

/** Corosync's membership layer: links, crypto and host names. */
export const corosyncRule: Rule = {
  codes: [
    'cluster-no-nodes',
    'corosync-single-link',
    'corosync-link-duplicate',
    'corosync-too-many-links',
    'corosync-crypto-udpu',
    'corosync-crypto-off',
    'corosync-link-address',
    'corosync-link-role',
    'node-hostname-duplicate',
  ],
  check(design: Design, index: DesignIndex): Diagnostic[] {
    const out: Diagnostic[] = [];
    const c = design.cluster.corosync;
    const name = design.cluster.name;
    const at = (...rest: (string | number)[]): (string | number)[] => [
      'cluster',
      'corosync',
      ...rest,
    ];
    if (design.nodes.length === 0) {
      out.push(
        diag(
          'cluster-no-nodes',
          'error',
          [name],
          ['nodes'],
          'the cluster has no nodes',
          'add the machines that form the cluster under nodes',
        ),
      );
    }
    const links = [...new Set(c.links)];
    if (links.length < c.links.length) {
      out.push(
        diag(
          'corosync-link-duplicate',
          'error',
          [name],
          at('links'),
          'the same network is listed twice as a corosync link: a second link on it adds no redundancy and corosync rejects two links with the same address',
          'list each network once; use a second, separate network for the second link',
        ),
      );
    }
    if (c.transport === 'udpu' && links.length > 1) {
      out.push(
        diag(
          'corosync-too-many-links',
          'error',
          [name],
          at('links'),
          `the udpu transport carries a single link, but ${links.length} are listed`,
          'use transport: knet for redundant links, or list one link',
        ),
      );
    } else if (links.length > KNET_MAX_LINKS) {
      out.push(
        diag(
          'corosync-too-many-links',
          'error',
          [name],
          at('links'),
          `knet carries at most ${KNET_MAX_LINKS} links, but ${links.length} are listed`,
          `keep at most ${KNET_MAX_LINKS} link networks`,
        ),
      );
    }
    if (links.length === 1) {
      out.push(
        diag(
          'corosync-single-link',
          'warning',
          [name, links[0] ?? ''],
          at('links'),
          `corosync has a single link (${links[0]}): one switch or cable failure splits the cluster, and nodes get fenced`,
          'add a second link network on separate hardware (transport knet)',
        ),
      );
    }
    if (c.transport === 'udpu' && (c.cipher !== 'none' || c.hash !== 'none')) {
      out.push(
        diag(
          'corosync-crypto-udpu',
          'error',
          [name],
          at('transport'),
          `corosync 3 supports encryption only on knet, but the transport is udpu with cipher ${c.cipher} and hash ${c.hash}`,
          'use transport: knet, or set cipher and hash to none on udpu',
        ),
      );
    } else if (c.cipher === 'none' && c.hash === 'none' && !design.cluster.lab) {
      out.push(
        diag(
          'corosync-crypto-off',
          'warning',
          [name],
          at('cipher'),
          'corosync traffic is neither encrypted nor authenticated: anyone on a link network can join or disturb the cluster',
          'set cipher: aes256 and hash: sha256 (knet)',
        ),
      );
    }
    for (const [li, link] of c.links.entries()) {
      const net = index.networks.get(link);
      if (!net) continue;
      if (li === c.links.indexOf(link)) {
        const missing = design.nodes.filter((n) => n.addresses[link] === undefined);
        if (missing.length > 0) {
          out.push(
            diag(
              'corosync-link-address',
              'error',
              [link, ...missing.map((n) => n.name)],
              at('links', li),
              `corosync link ${li} runs on network "${link}", but ${listing(missing.map((n) => n.name))} ${missing.length === 1 ? 'has' : 'have'} no address on it`,
              `give every node an address on ${link}, or use another network for the link`,
            ),
          );
        }
      }
      // A backup link on a shared network is common practice; the first link should be dedicated.
      if (li === 0 && net.role !== 'cluster') {
        out.push(
          diag(
            'corosync-link-role',
            'info',
            [link],
            at('links', li),
            `corosync link ${li} shares network "${link}" with ${net.role} traffic: a busy network delays the token and can get nodes fenced`,
            'put link 0 on a dedicated network with role: cluster; keep this one as a backup link',
          ),
        );
      }
    }
    const hostnames = new Map<string, string>();
    design.nodes.forEach((node, i) => {
      const host = nodeHostname(node);
      const other = hostnames.get(host);
      if (other !== undefined) {
        out.push(
          diag(
            'node-hostname-duplicate',
            'error',
            [node.name, other],
            ['nodes', i, 'hostname'],
            `nodes "${other}" and "${node.name}" have the same host name "${host}": corosync and Pacemaker tell nodes apart by name`,
            'give each node its own hostname',
          ),
        );
      } else hostnames.set(host, node.name);
    });
    return out;
  },
};
