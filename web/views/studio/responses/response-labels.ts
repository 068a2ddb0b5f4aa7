import type { ResponseListItem } from '../../../../server/response-browser/service.ts';

// Words for a response's status and source, shared by the list and the detail page.

export const STATUS_LABELS: Record<ResponseListItem['status'], string> = {
  complete: 'Complete',
  screened_out: 'Screened out',
};

export const SOURCE_LABELS: Record<ResponseListItem['source'], string> = {
  web: 'Web form',
  api: 'API',
  demo: 'Demo generator',
  import: 'Imported file',
};

/** The word for a status, or the stored value itself for a status this page does not know yet. */
export const statusLabel = (status: string) => (STATUS_LABELS as Record<string, string>)[status] ?? status;
