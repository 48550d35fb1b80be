import type { Metadata } from 'next';
import { AuthForm } from '../../components/auth-form.tsx';

export const metadata: Metadata = { title: 'Join the community', robots: { index: false } };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <section className="card narrow" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Join the Tallybook community</h1>
      <p>Ask questions, share ideas and get answers from the people who build Tallybook.</p>
      <AuthForm mode="sign-up" next={next} />
      <p className="hint">
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </section>
  );
}
