'use client';

import { useEffect, useId, useState } from 'react';
import { useClient } from '../../lib/browser-client.ts';
import { graphql } from '../../lib/graphql.ts';
import { personPath, topicPath } from '../../lib/links.ts';

const Suggestions = graphql(`
  query Suggestions($prefix: String!) {
    searchSuggestions(prefix: $prefix) {
      __typename
      ... on QuerySearchSuggestionsSuccess { data { text topic { id slug } person { handle } } }
    }
  }
`);

type Suggestion = { text: string; href: string };

/** The search form, with titles and people suggested as you type. */
export function SearchBox({ initial }: { initial: string }) {
  const client = useClient();
  const [value, setValue] = useState(initial);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const id = useId();

  useEffect(() => {
    const prefix = value.trim();
    if (prefix.length < 2 || prefix === initial) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(async () => {
      const result = await client.query(Suggestions, { prefix: prefix.slice(0, 500) }).toPromise();
      const answer = result.data?.searchSuggestions;
      if (answer?.__typename !== 'QuerySearchSuggestionsSuccess') return;
      setSuggestions(
        answer.data.flatMap((suggestion) =>
          suggestion.topic
            ? [{ text: suggestion.text, href: topicPath(suggestion.topic) }]
            : suggestion.person
              ? [{ text: suggestion.text, href: personPath(suggestion.person.handle) }]
              : [],
        ),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [value, initial, client]);

  return (
    <form action="/search" method="get" aria-label="Search">
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search topics, replies and people
      </label>
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <input
          id={`${id}-q`}
          name="q"
          type="search"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="Search topics, replies and people"
          autoComplete="off"
          aria-describedby={suggestions.length ? `${id}-suggestions` : undefined}
        />
        <button type="submit" className="button">
          Search
        </button>
      </div>
      {suggestions.length > 0 && (
        <ul className="suggestions" id={`${id}-suggestions`} aria-label="Suggestions">
          {suggestions.map((suggestion) => (
            <li key={suggestion.href}>
              <a href={suggestion.href}>{suggestion.text}</a>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
