import { apiTokenExpiry } from '@parley/schema/auth/api-token';
import type { Clock } from '@parley/schema/context';
import type { RealtimePubSub } from '@parley/schema/realtime/events';

/** setTimeout's ceiling (about 24.8 days); a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `revoked` when the API token is revoked (on any instance: the event travels through
 * the pubsub) or reaches its expiry while the socket is open. Returns the function that stops
 * watching, for when the socket closes first.
 */
export async function watchApiToken(
  pubsub: RealtimePubSub,
  tokenId: number,
  clock: Clock,
  revoked: () => void,
): Promise<() => void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (stopped) return;
    stop();
    revoked();
  };
  const iterator = pubsub.subscribe('token', tokenId)[Symbol.asyncIterator]();
  void iterator.next().then((result) => {
    if (!result.done) fire();
  });
  const expiresAt = await apiTokenExpiry(tokenId);
  const arm = () => {
    if (!expiresAt || stopped) return;
    const wait = expiresAt.getTime() - clock.now().getTime();
    if (wait <= 0) return fire();
    timer = setTimeout(wait > MAX_TIMER_MS ? arm : fire, Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
    void iterator.return?.();
  }
  return stop;
}
