import {
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import type { Connection, EdgeChange, NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import type { DragEvent } from 'react';
import { addElement, nextName } from '../actions/addElement.ts';
import { connect } from '../actions/connect.ts';
import { isPlaceable } from '../design/kinds.ts';
import { useDesigner } from '../store/store.ts';
import { ElementNode } from './ElementNode.tsx';
import { NODE_SIZE, toFlowEdges, toFlowNodes } from './flowModel.ts';
import type { ElementFlowNode } from './flowModel.ts';

/** The MIME type a palette item carries while it is dragged. */
export const PALETTE_MIME = 'application/x-clusterwright-kind';

const nodeTypes = { element: ElementNode };

/** The canvas: a view of the design. Edits go through actions; React Flow only moves layout. */
export function Canvas() {
  const design = useDesigner((s) => s.design);
  const selection = useDesigner((s) => s.selection);
  const edgeSelection = useDesigner((s) => s.edgeSelection);
  const dragging = useDesigner((s) => s.dragging);
  const measured = useDesigner((s) => s.measured);
  const diagnostics = useDesigner((s) => s.diagnostics);
  const minimap = useDesigner((s) => s.minimap);
  const theme = useDesigner((s) => s.theme);
  const flow = useReactFlow();

  const nodes = useMemo(
    () => toFlowNodes(design, selection, dragging, measured, diagnostics),
    [design, selection, dragging, measured, diagnostics],
  );
  const edges = useMemo(() => {
    const selected = new Set(edgeSelection);
    return toFlowEdges(design).map((e) => ({ ...e, selected: selected.has(e.id) }));
  }, [design, edgeSelection]);

  useEffect(() => {
    const { setViewport } = useDesigner.getState();
    setViewport({
      centreOn: (p) => void flow.setCenter(p.x, p.y, { zoom: flow.getZoom(), duration: 0 }),
      fit: () => void flow.fitView({ padding: 0.2 }),
      visibleCentre: () => {
        const el = document.querySelector('[data-testid="canvas"]');
        const r = el?.getBoundingClientRect();
        return r
          ? flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 })
          : { x: 0, y: 0 };
      },
    });
    return () => setViewport(null);
  }, [flow]);

  const onNodesChange = useCallback((changes: NodeChange<ElementFlowNode>[]) => {
    const store = useDesigner.getState();
    const moved: Record<string, { x: number; y: number }> = {};
    let selected: Set<string> | undefined;
    for (const c of changes) {
      if (c.type === 'position' && c.position && c.dragging) moved[c.id] = c.position;
      else if (c.type === 'dimensions' && c.dimensions) {
        const old = store.measured[c.id];
        if (old?.width !== c.dimensions.width || old.height !== c.dimensions.height)
          store.setMeasured(c.id, c.dimensions);
      } else if (c.type === 'select') {
        selected ??= new Set(store.selection);
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
    }
    if (Object.keys(moved).length > 0) store.drag(moved);
    if (selected) store.select([...selected]);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const store = useDesigner.getState();
    const selected = new Set(store.edgeSelection);
    let touched = false;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      touched = true;
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
    if (touched) store.selectEdges([...selected]);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    useDesigner.getState().dispatch(connect, { from: c.source, to: c.target });
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const collection = e.dataTransfer.getData(PALETTE_MIME);
      if (!isPlaceable(collection)) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const store = useDesigner.getState();
      const name = nextName(store.design, collection);
      const position = { x: at.x - NODE_SIZE.width / 2, y: at.y - NODE_SIZE.height / 2 };
      if (store.dispatch(addElement, { collection, name, position })) store.select([name]);
    },
    [flow],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={() => useDesigner.getState().endDrag()}
        onConnect={onConnect}
        onPaneClick={() => useDesigner.getState().select([])}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        colorMode={theme}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        minZoom={0.1}
      >
        <Background />
        <Controls showInteractive={false} />
        {minimap ? <MiniMap pannable zoomable data-testid="minimap" /> : null}
      </ReactFlow>
    </div>
  );
}
