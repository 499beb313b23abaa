export {
  startTestEmulator,
  testEngines,
  type TestEmulatorOptions,
  type TestEngine,
} from './test-emulator.js';
