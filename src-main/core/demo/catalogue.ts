// The WindowsDefenderATP permission catalogue the demo tenant (and the fake cloud) serve.
// Ids marked `known` are the ones published tenants show; the others are fixed demo ids (the product
// always maps ids through the catalogue it reads at run time, never through this table).
import type { MdePermission } from '../sources/types'
import { guidFor, hashString } from './random'

interface Entry {
  value: string
  displayName: string
  highRisk: boolean
  known?: string
}

const applicationEntries: Entry[] = [
  {
    value: 'Alert.Read.All',
    displayName: 'Read all alerts',
    highRisk: false,
    known: '71fe6b80-7034-4028-9ed8-0f316df9c3ff',
  },
  {
    value: 'Alert.ReadWrite.All',
    displayName: 'Read and write all alerts',
    highRisk: false,
    known: '0f7000ec-157b-497f-b70e-ef0b0584f140',
  },
  {
    value: 'Machine.Read.All',
    displayName: 'Read all machine profiles',
    highRisk: false,
    known: 'ea8291d3-4b9a-44b5-bc3a-6cea3026dc79',
  },
  {
    value: 'Machine.ReadWrite.All',
    displayName: 'Read and write all machine information',
    highRisk: false,
    known: 'aa027352-232b-4ed4-b963-a705fc4d6d2c',
  },
  { value: 'Machine.Isolate', displayName: 'Isolate machine', highRisk: true },
  { value: 'Machine.RestrictExecution', displayName: 'Restrict code execution', highRisk: true },
  { value: 'Machine.Scan', displayName: 'Scan machine', highRisk: false },
  { value: 'Machine.Offboard', displayName: 'Offboard machine', highRisk: true },
  { value: 'Machine.StopAndQuarantine', displayName: 'Stop and quarantine file', highRisk: true },
  {
    value: 'Machine.LiveResponse',
    displayName: 'Run live response on a specific machine',
    highRisk: true,
  },
  { value: 'Machine.CollectForensics', displayName: 'Collect forensics', highRisk: true },
  {
    value: 'AdvancedQuery.Read.All',
    displayName: 'Run advanced queries',
    highRisk: false,
    known: '93489bf5-0fbc-4f2d-b901-33f2fe08ff05',
  },
  {
    value: 'Ti.Read.All',
    displayName: 'Read all IOCs',
    highRisk: false,
    known: '528ca142-c849-4a5b-935e-10b8b9c38a84',
  },
  {
    value: 'Ti.ReadWrite.All',
    displayName: 'Read and write all IOCs',
    highRisk: true,
    known: 'fc511a58-3adf-4d71-af24-00f13e35e479',
  },
  {
    value: 'Vulnerability.Read.All',
    displayName: 'Read threat and vulnerability management vulnerability information',
    highRisk: false,
    known: '41269fc5-d04d-4bfd-bce7-43a51cea049a',
  },
  {
    value: 'Software.Read.All',
    displayName: 'Read threat and vulnerability management software information',
    highRisk: false,
    known: '37f71c98-d198-41ae-964d-2c49aab74926',
  },
  {
    value: 'SecurityRecommendation.Read.All',
    displayName: 'Read threat and vulnerability management security recommendation information',
    highRisk: false,
    known: '6443965c-7dd2-4cfd-b38f-bb7772bee163',
  },
  {
    value: 'Score.Read.All',
    displayName: 'Read threat and vulnerability management score',
    highRisk: false,
    known: '02b005dd-f804-43b4-8fc7-078460413f74',
  },
  {
    value: 'User.Read.All',
    displayName: 'Read user profiles',
    highRisk: false,
    known: 'a833834a-4cf1-4732-8acf-bbcfa13fb610',
  },
]

const delegatedEntries: Entry[] = [
  {
    value: 'Alert.Read',
    displayName: 'Read alerts',
    highRisk: false,
    known: 'b2069dc0-9fe9-4e6d-9aca-ccf3dd503819',
  },
  {
    value: 'Alert.ReadWrite',
    displayName: 'Read and write alerts',
    highRisk: false,
    known: 'cbc3b413-21e6-416d-95a4-af87687efbd0',
  },
  {
    value: 'Machine.Read',
    displayName: 'Read machine information',
    highRisk: false,
    known: 'fbd3d33a-b1f5-4573-906c-51b39682fbcf',
  },
  {
    value: 'Machine.ReadWrite',
    displayName: 'Read and write machine information',
    highRisk: false,
    known: 'f6846c57-9e3c-4a65-81aa-2f5e09ff4f0b',
  },
  { value: 'Machine.Isolate', displayName: 'Isolate machine', highRisk: true },
  {
    value: 'Machine.LiveResponse',
    displayName: 'Run live response on a specific machine',
    highRisk: true,
  },
  {
    value: 'AdvancedQuery.Read',
    displayName: 'Run advanced queries',
    highRisk: false,
    known: '1fb6e712-1bd9-4184-b1c0-5e71e759196b',
  },
  {
    value: 'Ti.ReadWrite',
    displayName: 'Read and write IOCs belonging to the app',
    highRisk: true,
    known: '650ff1f9-dd5f-48ee-8c58-7beef332c818',
  },
  {
    value: 'Vulnerability.Read',
    displayName: 'Read threat and vulnerability management vulnerability information',
    highRisk: false,
    known: '63a677ce-818c-4409-9d12-5c6d2e2a6bfe',
  },
]

function toPermission(entry: Entry, kind: MdePermission['kind']): MdePermission {
  const id = entry.known ?? guidFor(hashString('WindowsDefenderATP'), `${kind}:${entry.value}`)
  const who = kind === 'application' ? 'the application' : 'the signed-in user'
  return {
    id,
    value: entry.value,
    displayName: entry.displayName,
    description: `Allows ${who} to ${entry.displayName.charAt(0).toLowerCase()}${entry.displayName.slice(1)}.`,
    kind,
    highRisk: entry.highRisk,
  }
}

export const mdeAppRoles: readonly MdePermission[] = applicationEntries.map((e) =>
  toPermission(e, 'application'),
)
export const mdeOAuth2Scopes: readonly MdePermission[] = delegatedEntries.map((e) =>
  toPermission(e, 'delegated'),
)

export function appRoleByValue(value: string): MdePermission {
  const role = mdeAppRoles.find((r) => r.value === value)
  if (!role) throw new Error(`no MDE app role ${value}`)
  return role
}
