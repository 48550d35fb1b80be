import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { childPath } from '@parley/server/test-support/test-env';

const portalDir = fileURLToPath(new URL('../../apps/portal/', import.meta.url));

export interface RunningPortal {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Runs the built portal (`next start`, production mode, as `npm start` does) against a server.
 * The build comes from turbo: the test task depends on `@parley/portal#build`.
 */
export async function startPortal(apiUrl: string): Promise<RunningPortal> {
  if (!existsSync(`${portalDir}.next/BUILD_ID`)) {
    throw new Error('The portal is not built: run the tests through `npm test` (turbo builds it first).');
  }
  const port = await freePort();
  const next = fileURLToPath(import.meta.resolve('next/dist/bin/next', `file://${portalDir}`));
  const child = spawn(process.execPath, [next, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: portalDir,
    env: { PATH: childPath, NODE_ENV: 'production', PARLEY_API_URL: apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, () => output);
  return {
    url,
    stop: () => stopProcess(child),
  };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The portal exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopProcess(child);
  throw new Error(`The portal did not answer at ${url} within 60 s:\n${output()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A port the OS says is free now; `next start` cannot take port 0 and report back. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
