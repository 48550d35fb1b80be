import type { Metadata } from 'next';
import { AuthForm } from '../../components/auth-form.tsx';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <section className="card narrow" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <AuthForm mode="sign-in" next={next} />
      <p className="hint">
        New here? <a href="/sign-up">Create an account</a>.
      </p>
    </section>
  );
}
