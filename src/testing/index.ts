/**
 * `supabase-rx/testing`: fakes and helpers for testing code built on supabase-rx — a recording
 * fake `fetch` with canned answers, a fake WebSocket for realtime code, and a virtual clock for code
 * that mixes promises and timers.
 * No Node built-ins: runs wherever the SDK runs.
 */
export { createFakeFetch } from './fake-fetch.js';
export type { FakeFetch, FakeHandler, FakeRoutes, RecordedRequest } from './fake-fetch.js';
export { jsonResponse, textResponse, networkError, never } from './answers.js';
export type { FakeAnswer, FakeReply, FakeNetworkError, FakeNever } from './answers.js';
export { createVirtualClock } from './virtual-clock.js';
export type { VirtualClock } from './virtual-clock.js';
export { createMarbleFetch } from './marble-fetch.js';
export type { MarbleAnswer, MarbleHandler } from './marble-fetch.js';
export type { Routes } from './routes.js';
export { createFakeWebSocket } from './fake-websocket.js';
export { loadLazyModules } from '../lazy/preload.js';
export type { FakeWebSocket, FakeSocket } from './fake-websocket.js';
