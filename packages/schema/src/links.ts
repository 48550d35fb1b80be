/** Where things live in the portal: feeds and webhooks link there. */
export const links = {
  topic: (base: string, topic: { id: number; slug: string }) => `${base}/t/${topic.id}/${topic.slug}`,
  post: (base: string, topic: { id: number; slug: string }, postId: number) =>
    `${links.topic(base, topic)}#post-${postId}`,
  category: (base: string, slug: string) => `${base}/c/${slug}`,
  person: (base: string, handle: string) => `${base}/@${handle}`,
};
