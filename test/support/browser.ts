import { existsSync } from 'node:fs';
import { chromiumPath } from '@parley/server/test-support/test-env';
import { type Browser, chromium } from 'playwright-core';

/** Why browser tests cannot run here, or undefined when they can. */
export const browserUnavailable: string | undefined = existsSync(chromiumPath)
  ? undefined
  : `no Chromium at ${chromiumPath} (install Debian's chromium package or set CHROMIUM_PATH)`;

/** Headless Debian Chromium; the flags keep it from calling home on a closed network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
