import { z } from 'zod';
import type { ClusterOperation } from '../monitor/operations.ts';
import type { LiveStatus, OperationResult } from './live.ts';
import type { WhatIfResult } from './whatIf.ts';

export type { ClusterOperation, OperationKind } from '../monitor/operations.ts';
export type { StatusEvent } from '../monitor/events.ts';
export type { LiveStatus, OperationResult, TimelineEvent } from './live.ts';
export type { ClusterStatusReport } from './status.ts';
export type { WhatIfResult } from './whatIf.ts';
export type { FailureAnalysis, Placement, Unplaced } from '../validate/failover/types.ts';

/** A design element or node name as the model allows it (the services check it exists). */
const name = z.string().min(1).max(253);

const operation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('node-standby'), node: name }),
  z.strictObject({ kind: z.literal('node-online'), node: name }),
  z.strictObject({ kind: z.literal('resource-move'), resource: name, node: name }),
  z.strictObject({ kind: z.literal('resource-clear'), resource: name }),
  z.strictObject({ kind: z.literal('resource-cleanup'), resource: name, node: name.optional() }),
]);

/** The live cluster (monitor, operate) and the what-if simulation: part of the contract. */
export const liveRequestSchemas = {
  /**
   * The status of the design file's cluster (its lab with `lab`), and the timeline events
   * since the previous collect of the same `session` (a random id per Live run).
   */
  'status.collect': z.strictObject({
    designFile: z.string().min(1),
    lab: z.boolean(),
    session: z.string().min(8).max(64),
  }),
  /** Ends a live session: its SSH connections close. */
  'status.stop': z.strictObject({ session: z.string().min(8).max(64) }),
  /**
   * One operation on the live cluster. `dryRun` only answers the exact command; a run may
   * name the command the user confirmed, and is refused if it would now be another one.
   */
  'cluster.operate': z.strictObject({
    designFile: z.string().min(1),
    lab: z.boolean(),
    session: z.string().min(8).max(64).optional(),
    operation,
    dryRun: z.boolean(),
    expectCommand: z.string().optional(),
  }),
  /** Where everything goes if these nodes fail: our model, and crm_simulate for one node. */
  'simulate.whatIf': z.strictObject({
    design: z.unknown(),
    failNodes: z.array(name).min(1).max(64),
    crm: z.boolean().optional(),
  }),
} as const;

// The schema and the monitor's type must describe the same operations.
type SchemaOperation = z.infer<typeof operation>;
export type SameOperations = [SchemaOperation] extends [ClusterOperation]
  ? [ClusterOperation] extends [SchemaOperation]
    ? true
    : never
  : never;
const _sameOperations: SameOperations = true;

export interface LiveResponses {
  'status.collect': LiveStatus;
  'status.stop': { readonly stopped: boolean };
  'cluster.operate': OperationResult;
  'simulate.whatIf': WhatIfResult;
}
