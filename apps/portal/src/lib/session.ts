/** The session cookie the server sets on sign-in; the portal keeps it on its own origin. */
export const SESSION_COOKIE = 'parley_session';
/** Cookie requests must carry this header, which a cross-site form cannot add. */
export const CSRF_HEADER = 'x-parley-csrf';
