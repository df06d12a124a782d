export {
  FakeDevice,
  fakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
  type FakeDeviceStats,
} from './fake-backend.js';
