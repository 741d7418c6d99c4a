import { useState } from 'react';
import type { Design } from '../../../src/model/types.ts';
import { resourceNames } from '../design/resources.ts';
import { prepareOperation, toggleWhatIfNode } from '../liveCommands.ts';
import { useDesigner } from '../store/store.ts';

function isResource(design: Design, name: string): boolean {
  return resourceNames(design).includes(name);
}

/**
 * In the inspector while Live (or what-if) is on: what can be done to the selected node or
 * resource. Every operation first shows its exact command for confirmation.
 */
export function LiveOperations({ element }: { element: string | undefined }) {
  const on = useDesigner((s) => s.live.on);
  const whatIfOpen = useDesigner((s) => s.whatIf.open);
  const failNodes = useDesigner((s) => s.whatIf.failNodes);
  const design = useDesigner((s) => s.design);
  const overlay = useDesigner((s) => (element ? s.live.overlay[element] : undefined));
  if (element === undefined || (!on && !whatIfOpen)) return null;
  const node = design.nodes.find((n) => n.name === element);
  if (node) {
    return (
      <div className="live-ops" data-testid="live-ops">
        {on ? (
          overlay?.state === 'standby' ? (
            <button
              type="button"
              data-testid="op-node-online"
              onClick={() => void prepareOperation({ kind: 'node-online', node: node.name })}
            >
              Bring online
            </button>
          ) : (
            <button
              type="button"
              data-testid="op-node-standby"
              onClick={() => void prepareOperation({ kind: 'node-standby', node: node.name })}
            >
              Standby
            </button>
          )
        ) : null}
        {whatIfOpen ? (
          <button
            type="button"
            data-testid="op-whatif-node"
            aria-pressed={failNodes.includes(node.name)}
            onClick={() => toggleWhatIfNode(node.name)}
          >
            {failNodes.includes(node.name) ? 'Undo simulated failure' : 'What if it fails?'}
          </button>
        ) : null}
      </div>
    );
  }
  if (!on || !isResource(design, element)) return null;
  return <ResourceOperations resource={element} runsOn={overlay?.on ?? []} />;
}

function ResourceOperations({ resource, runsOn }: { resource: string; runsOn: readonly string[] }) {
  const nodes = useDesigner((s) => s.design.nodes);
  const choices = nodes.filter((n) => !runsOn.includes(n.name)).map((n) => n.name);
  const [picked, setPicked] = useState<string>('');
  const target = choices.includes(picked) ? picked : (choices[0] ?? '');
  return (
    <div className="live-ops" data-testid="live-ops">
      <select
        data-testid="op-move-node"
        value={target}
        onChange={(e) => setPicked(e.target.value)}
        aria-label="node to move to"
      >
        {choices.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button
        type="button"
        data-testid="op-resource-move"
        disabled={target === ''}
        onClick={() => void prepareOperation({ kind: 'resource-move', resource, node: target })}
      >
        Move
      </button>
      <button
        type="button"
        data-testid="op-resource-clear"
        title="Remove the constraint a move left"
        onClick={() => void prepareOperation({ kind: 'resource-clear', resource })}
      >
        Clear move
      </button>
      <button
        type="button"
        data-testid="op-resource-cleanup"
        onClick={() => void prepareOperation({ kind: 'resource-cleanup', resource })}
      >
        Clean up failures
      </button>
    </div>
  );
}
