import { lazyModule } from '../lazy/lazy-module.js';

// Flows an app needs only when it calls them: each loads with `import()` on its first call, so a
// client that only reads the session (and sends its token) does not carry them, nor jose's JWS
// verification. Sign-in with a password, OTP or id token, sign-out and the session and user
// methods stay in the main bundle: they are the client's session state.

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
