import { z } from 'zod';
import { secretRef } from '../model/values.ts';

/**
 * The secret channels of the contract (spread into contract.ts). Values only ever travel
 * from the UI to the backend: no channel answers with a value, only with where a secret is
 * set, so a renderer (or a page script) cannot read back what the user typed.
 */
const designPath = z.string().min(1).max(4096);

export const secretsRequestSchemas = {
  /** The secrets a deploy of the saved design file needs, and which are set where. */
  'secrets.status': z.strictObject({ path: designPath }),
  /**
   * Sets a secret: for this session only (kept in memory until the app quits), or
   * `remember`ed in the app's secret store (the system keyring in the desktop app).
   */
  'secrets.set': z.strictObject({
    name: secretRef,
    value: z.string().min(1).max(4096),
    remember: z.boolean(),
  }),
  /** Forgets a secret: from this session and from the app's store. */
  'secrets.forget': z.strictObject({ name: secretRef }),
} as const;

/** Where a secret's value is found: the first of these that has it is used. */
export type SecretSource = 'session' | 'environment' | 'stored';

export interface SecretStatusView {
  readonly name: string;
  /** Absent: nobody has given it yet; a deploy to real nodes stops until it is. */
  readonly source?: SecretSource;
}

export interface SecretsView {
  readonly secrets: readonly SecretStatusView[];
  /** Where remembered secrets go ("the system keyring (Electron safeStorage)"); absent: nowhere. */
  readonly storedIn?: string;
  /** Why remembered secrets are not well protected, or cannot be remembered at all. */
  readonly warning?: string;
  /** False when this app has nowhere safe to remember secrets (session only). */
  readonly canRemember: boolean;
}

export interface SecretsResponses {
  'secrets.status': SecretsView;
  'secrets.set': { readonly name: string; readonly source: SecretSource };
  'secrets.forget': { readonly name: string };
}
