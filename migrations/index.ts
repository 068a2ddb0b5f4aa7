import type { Migration } from 'kysely';
import * as initial from './2026-11-23T0001-initial.ts';
import * as workspace from './2026-11-23T0002-workspace.ts';
import * as auditAppendOnly from './2026-11-23T0003-audit-append-only.ts';
import * as importReports from './2026-11-23T0004-import-reports.ts';
import * as invitationSessions from './2026-11-23T0005-invitation-sessions.ts';
import * as analysis from './2026-11-23T0006-analysis.ts';
import * as press from './2026-11-23T0007-press.ts';

// Every migration, by name; names sort in time order. Listed statically (rather than read from
// the folder at run time) so the same list works under tsx, vitest and any bundler.
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-initial': initial,
  '2026-11-23T0002-workspace': workspace,
  '2026-11-23T0003-audit-append-only': auditAppendOnly,
  '2026-11-23T0004-import-reports': importReports,
  '2026-11-23T0005-invitation-sessions': invitationSessions,
  '2026-11-23T0006-analysis': analysis,
  '2026-11-23T0007-press': press,
};
