// The fake Microsoft cloud for tests: Entra ID, Graph and Log Analytics over HTTPS with a test CA.
export { startFakeCloud } from './server'
export type { FakeCloud, FakeCloudOptions, RequestLogEntry } from './server'
export type { FakeTenant, FakeClient, FakeUser, FakeTenantOptions, Licence } from './directory'
export { DEFAULT_PASSWORD, directoryRoles } from './directory'
export type { FaultKind, FaultRule, ThrottleLimits } from './http'
export { networkClientTrusting, httpsJson } from './network-client'
export { createClientCertificate } from './x509'
