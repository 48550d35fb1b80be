/** Where things live in the portal (the server's feeds and webhooks link to the same places). */

/** The number in a topic's URL, from its global id (`Topic:<number>`, base64). */
export function topicNumber(globalId: string): string {
  // atob, not Buffer: Node has it too, and naming Buffer pulls a 7 kB polyfill into the browser's bundle.
  const decoded = atob(globalId);
  return decoded.slice(decoded.indexOf(':') + 1);
}

export const topicPath = (topic: { id: string; slug: string }) => `/t/${topicNumber(topic.id)}/${topic.slug}`;
export const postAnchor = (postId: string) => `post-${topicNumber(postId)}`;
export const personPath = (handle: string) => `/@${handle}`;
export const categoryPath = (slug: string) => `/c/${slug}`;
