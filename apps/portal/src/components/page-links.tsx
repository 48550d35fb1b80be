/**
 * Paging through a list rendered by the server, as plain links (they work before any script
 * loads): on to the items after this page, and back to the first. The API's cursors page
 * forward; the browser's Back button steps back one page.
 */
export function PageLinks({
  path,
  query,
  after,
  next,
  label,
}: {
  /** The list's own address, e.g. `/c/vat`. */
  path: string;
  /** The list's other parameters (sort, filters), kept on every page. */
  query: Record<string, string | undefined>;
  /** The cursor this page starts after, if it is not the first. */
  after: string | undefined;
  /** The cursor of this page's last item when more follow. */
  next: string | null | undefined;
  /** What the next page holds, e.g. "Older conversations". */
  label: string;
}) {
  if (!after && !next) return null;
  const href = (cursor: string | undefined) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    if (cursor) params.set('after', cursor);
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  return (
    <nav className="page-links" aria-label="Pages">
      {after ? <a href={href(undefined)}>← First page</a> : <span />}
      {next ? (
        <a href={href(next)} rel="next">
          {label} →
        </a>
      ) : null}
    </nav>
  );
}

/** The `after` cursor of a list's address: absent, or a short opaque token. */
export function afterParam(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9+/=_-]{1,200}$/.test(value) ? value : undefined;
}
