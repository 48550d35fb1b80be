// Topic URLs: shared by the API (new topics) and the demo seed, so both make the same slugs.

/** Lower-case URL words from a title: "Why is my VAT wrong?" -> "why-is-my-vat-wrong". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replaceAll(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'topic';
}
