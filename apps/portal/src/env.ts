/**
 * The portal's settings, read in this one module. The portal talks to the Parley server over
 * HTTP and WebSocket only.
 */
// biome-ignore lint/style/noProcessEnv: this module is where the portal's environment is read.
const env = process.env;

/** The server's GraphQL endpoint as the portal's server reaches it. @default "http://localhost:4000/graphql" */
export const apiUrl: string = env.PARLEY_API_URL || 'http://localhost:4000/graphql';
