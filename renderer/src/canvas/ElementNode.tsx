import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { KINDS } from '../design/kinds.ts';
import type { ElementFlowNode } from './flowModel.ts';
import { OverlayBadges } from './overlayBadges.tsx';

/**
 * A canvas card: kind, name, one-line summary and the problem badge. References leave from
 * the top and arrive at the bottom, so what an element builds on sits above it.
 */
export function ElementNode({ data, selected }: NodeProps<ElementFlowNode>) {
  const kind = KINDS[data.collection];
  return (
    <div
      className={`element element-${data.collection}${selected ? ' selected' : ''}`}
      data-testid={`element-${data.name}`}
      data-kind={data.collection}
    >
      <Handle type="target" position={Position.Bottom} data-testid={`handle-in-${data.name}`} />
      <div className="element-head">
        <span className="element-glyph" aria-hidden="true">
          {kind.glyph}
        </span>
        <span className="element-kind">{kind.label}</span>
        {data.problems > 0 && data.worst ? (
          <span
            className={`badge badge-${data.worst}`}
            data-testid={`badge-${data.name}`}
            title={`${data.problems} problem(s)`}
          >
            {data.problems}
          </span>
        ) : null}
      </div>
      <div className="element-name">{data.name}</div>
      <div className="element-summary">{data.summary}</div>
      <OverlayBadges name={data.name} />
      <Handle type="source" position={Position.Top} data-testid={`handle-out-${data.name}`} />
    </div>
  );
}
