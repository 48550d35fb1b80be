/**
 * The portal's settings, read in this one module. The portal talks to the Parley server over
 * HTTP and WebSocket only.
 */
// biome-ignore lint/style/noProcessEnv: this module is where the portal's environment is read.
const env = process.env;

/** The server's GraphQL endpoint as the portal's server reaches it. @default "http://localhost:4000/graphql" */
export const apiUrl: string = env.PARLEY_API_URL || 'http://localhost:4000/graphql';

/**
 * The server's GraphQL endpoint as browsers reach it, for live updates over WebSocket (HTTP
 * requests go through the portal's own `/api/graphql`). Set it when browsers cannot use
 * `PARLEY_API_URL`, e.g. behind a proxy. @default the value of PARLEY_API_URL
 */
export const publicApiUrl: string = env.PARLEY_PUBLIC_API_URL || apiUrl;

/** The portal's public address, for canonical URLs and link previews. @default "http://localhost:3000" */
export const publicUrl: string = env.PARLEY_PUBLIC_URL || 'http://localhost:3000';
