import type { PressItem } from '../../../../server/press-items/service.ts';
import { formatUkDateTime } from '../format-time.ts';
import { CsrfField, StudioLayout, type Viewer } from '../studio-layout.tsx';

// Deleting a saved headline or chart cannot be undone (its frozen figures go with it), so the press
// studio's delete link asks here first.

/** Asks to confirm deleting one press item. */
export function PressItemDeletePage({ viewer, item }: { viewer: Viewer; item: PressItem }) {
  return (
    <StudioLayout title={`Delete “${item.title}”`} viewer={viewer} section="press">
      <a class="back-link" href="/studio/press">
        Back to the press studio
      </a>
      <h1 class="heading-l">Delete “{item.title}”?</h1>
      <p>
        This {item.kind} and the figures frozen on {formatUkDateTime(item.frozenAt)} will be deleted. This cannot be undone.
        {item.published ? ' It is published, so it will also disappear from the public results page.' : ''}
      </p>
      <form method="post" action={`/studio/press/items/${encodeURIComponent(item.id)}/delete`} class="button-group">
        <CsrfField viewer={viewer} />
        <button type="submit" class="button button--warning button--inline">
          Delete {item.kind}
        </button>
        <a href="/studio/press">Cancel</a>
      </form>
    </StudioLayout>
  );
}
