import type { Migration } from 'kysely';
import * as initial from './2026-11-23T0001-initial.ts';
import * as workspace from './2026-11-23T0002-workspace.ts';

// Every migration, by name; names sort in time order. Listed statically (rather than read from
// the folder at run time) so the same list works under tsx, vitest and any bundler.
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-initial': initial,
  '2026-11-23T0002-workspace': workspace,
};
