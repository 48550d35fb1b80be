'use client';

import { type FormEvent, useState } from 'react';
import { useClient } from '../lib/browser-client.ts';
import { graphql } from '../lib/graphql.ts';

const SignIn = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on ValidationError { problems { field message } }
      ... on ConflictError { field }
      ... on Error { message }
    }
  }
`);

/** Only paths on this site, so a crafted `next` cannot send anyone elsewhere. */
const safeNext = (next: string | undefined) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function AuthForm({ mode, next }: { mode: 'sign-in' | 'sign-up'; next?: string | undefined }) {
  const client = useClient();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setProblems({});
    const result =
      mode === 'sign-in'
        ? await client
            .mutation(SignIn, { input: { login: value('login'), password: value('password') } })
            .toPromise()
        : await client
            .mutation(SignUp, {
              input: {
                email: value('email'),
                handle: value('handle'),
                displayName: value('displayName'),
                password: value('password'),
              },
            })
            .toPromise();
    const payload = result.data && ('signIn' in result.data ? result.data.signIn : result.data.signUp);
    if (payload?.__typename === 'MutationSignInSuccess' || payload?.__typename === 'MutationSignUpSuccess') {
      window.location.assign(safeNext(next));
      return;
    }
    setBusy(false);
    if (!payload) setProblems({ form: 'Something went wrong. Please try again.' });
    else if ('problems' in payload) {
      setProblems(
        Object.fromEntries(
          payload.problems.map((problem) => [problem.field?.split('.').pop() ?? 'form', problem.message]),
        ),
      );
    } else if ('field' in payload && payload.field)
      setProblems({ [payload.field.split('.').pop() ?? 'form']: payload.message });
    else setProblems({ form: payload.message });
  };

  const field = (name: string, label: string, type: string, autoComplete: string, hint?: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint && (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={
          [hint && `${name}-hint`, problems[name] && `${name}-error`].filter(Boolean).join(' ') || undefined
        }
      />
      {problems[name] && (
        <span className="form-error" id={`${name}-error`}>
          {problems[name]}
        </span>
      )}
    </div>
  );

  const known = new Set(['login', 'password', 'email', 'handle', 'displayName']);
  const other = Object.entries(problems).filter(([name]) => !known.has(name));
  return (
    <form onSubmit={submit} noValidate>
      {mode === 'sign-in' ? (
        <>
          {field('login', 'Email or handle', 'text', 'username')}
          {field('password', 'Password', 'password', 'current-password')}
        </>
      ) : (
        <>
          {field('displayName', 'Your name', 'text', 'name', 'Shown on everything you write.')}
          {field('handle', 'Handle', 'text', 'username', '3–30 characters: a–z, 0–9, _ and -.')}
          {field('email', 'Email', 'email', 'email', 'Never shown to anyone.')}
          {field(
            'password',
            'Password',
            'password',
            'new-password',
            'At least 12 characters; a passphrase is best.',
          )}
        </>
      )}
      {other.length > 0 && (
        <p className="form-error" role="alert">
          {other.map(([, message]) => message).join(' ')}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'One moment…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
      </button>
    </form>
  );
}
