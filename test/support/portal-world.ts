import { mkdir } from 'node:fs/promises';
import type { App, AppOptions } from '@parley/server/app';
import { startTestApp, testConfig } from '@parley/server/test-support/test-app';
import { createTestDatabase, type TestDatabase } from '@parley/server/test-support/test-database';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { browserUnavailable, launchBrowser } from './browser.ts';
import { type RunningPortal, startPortal } from './portal.ts';

/** What a browser test file runs against; read its fields in tests and hooks, once started. */
export interface PortalWorld {
  /** The server, on a freshly seeded demo community. */
  readonly app: App;
  /** The built portal (`next start`) in front of it. */
  readonly portal: RunningPortal;
  /** Chromium, unless `browserUnavailable` says why not. */
  readonly browser: Browser;
}

/**
 * Starts the whole product for one test file, as `npm start` runs it, before its tests (a
 * server on a new database seeded with the demo community, the built portal, Chromium) and
 * stops it after them.
 */
export function usePortalWorld(
  options: {
    /** A directory for the file's screenshots, created before the tests. */
    shots?: string;
    /** The server's clock (tests that move time). */
    clock?: AppOptions['clock'];
  } = {},
): PortalWorld {
  const started: { app?: App; portal?: RunningPortal; browser?: Browser; database?: TestDatabase } = {};
  beforeAll(async () => {
    started.database = await createTestDatabase({ migrated: false });
    started.app = await startTestApp(
      testConfig(started.database.config, { seedDemo: true }),
      options.clock ? { clock: options.clock } : {},
    );
    started.portal = await startPortal(started.app.url);
    if (!browserUnavailable) started.browser = await launchBrowser();
    if (options.shots) await mkdir(options.shots, { recursive: true });
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.portal?.stop();
    await started.app?.stop();
    await started.database?.drop();
  });
  const read = <Key extends keyof PortalWorld>(key: Key): PortalWorld[Key] => {
    const value = started[key];
    if (!value) throw new Error(`the portal world has no ${key} (not started yet, or no browser here)`);
    return value as PortalWorld[Key];
  };
  return {
    get app() {
      return read('app');
    },
    get portal() {
      return read('portal');
    },
    get browser() {
      return read('browser');
    },
  };
}
