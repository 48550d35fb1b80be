import { apiTokenExpiry } from '@parley/schema/auth/api-token';
import type { Clock, Viewer } from '@parley/schema/context';
import { sessionExpiry } from '@parley/schema/realtime/access';
import type { RealtimePubSub } from '@parley/schema/realtime/events';

/** setTimeout's ceiling (about 24.8 days); a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A credential without an expiry. */
const NEVER = new Date(8.64e15);

/**
 * Calls `lost` once: when `events` yields one that `ends` the socket's right to listen (sent
 * through the pubsub, so from any instance), or when the credential's expiry passes while the
 * socket is open. The expiry is read again when it comes due, so one that slid with use (a
 * session's) re-arms; null means the credential is gone. Returns the function that stops
 * watching, for when the socket closes first.
 */
async function watchCredential<Event>(options: {
  events: AsyncIterator<Event>;
  ends: (event: Event) => boolean;
  expiry: () => Promise<Date | null>;
  clock: Clock;
  lost: () => void;
}): Promise<() => void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    void options.events.return?.();
  };
  const fire = () => {
    if (stopped) return;
    stop();
    options.lost();
  };
  const listen = (): void => {
    void options.events.next().then((result) => {
      if (result.done || stopped) return;
      if (options.ends(result.value)) fire();
      else listen();
    });
  };
  listen();
  const arm = async () => {
    const expiresAt = await options.expiry();
    if (stopped) return;
    const wait = expiresAt ? expiresAt.getTime() - options.clock.now().getTime() : 0;
    if (wait <= 0) return fire();
    timer = setTimeout(() => void arm(), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  await arm();
  return stop;
}

/** An API token's socket: lost when the token is revoked, or expires. */
export function watchApiToken(pubsub: RealtimePubSub, tokenId: number, clock: Clock, lost: () => void) {
  return watchCredential({
    events: pubsub.subscribe('token', tokenId)[Symbol.asyncIterator](),
    ends: () => true,
    expiry: async () => (await apiTokenExpiry(tokenId)) ?? NEVER,
    clock,
    lost,
  });
}

/**
 * A signed-in socket: lost when the person's rights change (an admin changed their kind or
 * role), or, for a session, when it ends: signed out (another session of the same person
 * signing out leaves this one be) or expired.
 */
export function watchAccess(pubsub: RealtimePubSub, viewer: Viewer, clock: Clock, lost: () => void) {
  const { sessionId } = viewer;
  return watchCredential({
    events: pubsub.subscribe('access', viewer.id)[Symbol.asyncIterator](),
    ends: (event) => event.sessionId === undefined || event.sessionId === sessionId,
    expiry: async () => (sessionId === undefined ? NEVER : sessionExpiry(sessionId)),
    clock,
    lost,
  });
}
