import { topicPath } from '../../../../lib/links.ts';
import type { VoiceData } from './topic-query.ts';

/** "Continued in …", "Merged from …" and related topics, both ways round. */
export function MergeNotices({ topic }: { topic: VoiceData }) {
  const { mergedInto, mergedFrom, relatedTopics } = topic;
  if (!mergedInto && mergedFrom.length === 0 && relatedTopics.length === 0) return null;
  return (
    <section className="merge-notices" aria-label="Related conversations">
      {mergedInto && (
        <p className="notice">
          Continued in <a href={topicPath(mergedInto)}>{mergedInto.title}</a>
        </p>
      )}
      {mergedFrom.length > 0 && (
        <p className="merged-from">
          {/* Not links: a merged topic's address leads straight back here. */}
          Merged from{' '}
          {mergedFrom.map((each, index) => (
            <span key={each.id}>
              {index > 0 && ', '}“{each.title}”
            </span>
          ))}
        </p>
      )}
      {relatedTopics.length > 0 && (
        <nav aria-labelledby="related-heading" className="related">
          <h2 id="related-heading">Related topics</h2>
          <ul>
            {relatedTopics.map((each) => (
              <li key={each.id}>
                <span className={`kind kind-${each.kind.toLowerCase()}`}>{each.kind.toLowerCase()}</span>{' '}
                <a href={topicPath(each)}>{each.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
