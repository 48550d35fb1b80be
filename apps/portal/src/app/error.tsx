'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card narrow" aria-labelledby="error-heading">
      <h1 id="error-heading">Something went wrong on our side</h1>
      <p>The community could not be loaded just now. It is not you: please try again in a moment.</p>
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>{' '}
        <a className="button button-secondary" href="/">
          Home
        </a>
      </p>
    </section>
  );
}
