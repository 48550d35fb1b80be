export default function NotFound() {
  return (
    <section className="card narrow" aria-labelledby="not-found">
      <h1 id="not-found">We could not find that page</h1>
      <p>
        It may have moved, or it may have been removed. The conversation you were looking for might still be
        here:
      </p>
      <p>
        <a className="button" href="/">
          Back to the community
        </a>{' '}
        <a className="button button-secondary" href="/search">
          Search
        </a>
      </p>
    </section>
  );
}
