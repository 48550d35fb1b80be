/** The header's unread badge and the notifications page share the count through this window event. */
const UNREAD_EVENT = 'parley:unread-count';

/** Tells the header's badge the unread count the server just reported. */
export function announceUnread(count: number): void {
  window.dispatchEvent(new CustomEvent<number>(UNREAD_EVENT, { detail: count }));
}

/** Calls `listener` with every announced count; returns the unsubscribe. */
export function onUnreadAnnounced(listener: (count: number) => void): () => void {
  const handler = (event: Event) => {
    if (event instanceof CustomEvent && typeof event.detail === 'number') listener(event.detail);
  };
  window.addEventListener(UNREAD_EVENT, handler);
  return () => window.removeEventListener(UNREAD_EVENT, handler);
}
