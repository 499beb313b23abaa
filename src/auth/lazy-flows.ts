import { lazyModule } from '../lazy/lazy-module.js';

// Flows an app needs only when it calls them: each loads with `import()` on its first call, so a
// client that only reads the session (and sends its token) does not carry them, nor jose. What
// stays in the main bundle is the session state itself: the store, initialisation, storage, the
// token source and its refresh, `getSession` and `refreshSession`.

/** `signInWithPassword`, `signInWithOtp`, `signInWithIdToken`. */
export const signInFlows = lazyModule(() => import('./flows/sign-in.js'));
/** `signOut`. */
export const signOutFlows = lazyModule(() => import('./flows/sign-out.js'));
/** `getUser`, `updateUser`, `getUserIdentities`, `unlinkIdentity`, `reauthenticate`. */
export const userFlows = lazyModule(() => import('./flows/user.js'));
/** A session in the URL at `initialize()`, when the URL may be a callback (see url-callback.ts). */
export const urlSessionFlows = lazyModule(() => import('./url-session.js'));
/** `setSession` (decodes the access token with jose). */
export const setSessionFlows = lazyModule(() => import('./flows/set-session.js'));

/** `signUp`, `signInAnonymously`. */
export const signUpFlows = lazyModule(() => import('./flows/sign-up.js'));
/** `signInWithOAuth`, `signInWithSSO`, `linkIdentity`. */
export const oauthFlows = lazyModule(() => import('./flows/oauth.js'));
/** `verifyOtp`, `resend`, `resetPasswordForEmail`, `exchangeCodeForSession`. */
export const verifyFlows = lazyModule(() => import('./flows/verify.js'));
/** `signInWithWeb3`. */
export const web3Flows = lazyModule(() => import('./flows/web3.js'));
/** `getClaims`: JWKS fetch and JWS verification (jose). */
export const claimsFlows = lazyModule(() => import('./flows/claims.js'));
