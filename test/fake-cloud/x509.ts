// Just enough DER to mint X.509 v3 certificates with node:crypto keys: a test CA, a TLS server
// certificate for 127.0.0.1/localhost, and client certificates for certificate credentials.
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content])
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items))
const octets = (b: Buffer) => tlv(0x04, b)
const bitString = (b: Buffer, unusedBits = 0) =>
  tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), b]))
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'))
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]))
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner)
const nullValue = Buffer.from([0x05, 0x00])

function integer(b: Buffer): Buffer {
  let bytes = b
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1)
  if ((bytes[0]! & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes])
  return tlv(0x02, bytes)
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const out: number[] = [40 * parts[0]! + parts[1]!]
  for (const part of parts.slice(2)) {
    const chunk: number[] = []
    let v = part
    do {
      chunk.unshift(v & 0x7f)
      v = Math.floor(v / 128)
    } while (v > 0)
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80
    out.push(...chunk)
  }
  return tlv(0x06, Buffer.from(out))
}

function time(date: Date): Buffer {
  // UTCTime through 2049, GeneralizedTime after (RFC 5280).
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(iso.slice(2)))
    : tlv(0x18, Buffer.from(iso))
}

function name(commonName: string, organisation = 'Defender Connected Apps tests'): Buffer {
  return seq(
    set(seq(oid('2.5.4.10'), utf8(organisation))),
    set(seq(oid('2.5.4.3'), utf8(commonName))),
  )
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value))
}

function subjectPublicKeyInfo(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' })
}

function keyIdentifier(spki: Buffer): Buffer {
  // SHA-1 of the whole SPKI: a stable identifier is all that is needed here.
  return createHash('sha1').update(spki).digest()
}

export interface IssuedCertificate {
  certPem: string
  keyPem: string
  certDer: Buffer
  privateKey: KeyObject
  /** base64 SHA-256 of the SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list). */
  spkiSha256: string
  /** Hex SHA-1 and SHA-256 of the DER certificate (Entra's x5t / x5t#S256 thumbprints). */
  thumbprintSha1: string
  thumbprintSha256: string
}

interface CertificateRequest {
  commonName: string
  keyType: 'ec' | 'rsa'
  isCa: boolean
  serverNames?: { dns: string[]; ips: string[] }
  clientAuth?: boolean
  validDays: number
  issuer?: IssuedCertificate
}

function algorithmFor(key: KeyObject): Buffer {
  return key.asymmetricKeyType === 'ec'
    ? seq(oid('1.2.840.10045.4.3.2'))
    : seq(oid('1.2.840.113549.1.1.11'), nullValue)
}

function issue(request: CertificateRequest): IssuedCertificate {
  const pair =
    request.keyType === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 })
  const spki = subjectPublicKeyInfo(pair.publicKey)
  const signerKey = request.issuer?.privateKey ?? pair.privateKey
  const issuerName = request.issuer ? new X509Certificate(request.issuer.certPem).subject : null
  const issuerCommonName = issuerName?.match(/CN=([^\n]+)/)?.[1] ?? request.commonName
  const signerSpki = request.issuer
    ? subjectPublicKeyInfo(createPublicKey(request.issuer.privateKey))
    : spki

  const extensions: Buffer[] = [
    extension('2.5.29.19', true, request.isCa ? seq(bool(true)) : seq()),
    // keyCertSign+cRLSign+digitalSignature for the CA; digitalSignature+keyEncipherment for leaves.
    extension(
      '2.5.29.15',
      true,
      request.isCa ? bitString(Buffer.from([0x86]), 1) : bitString(Buffer.from([0xa0]), 5),
    ),
    extension('2.5.29.14', false, octets(keyIdentifier(spki))),
    extension('2.5.29.35', false, seq(tlv(0x80, keyIdentifier(signerSpki)))),
  ]
  if (request.serverNames) {
    const names = [
      ...request.serverNames.dns.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
      ...request.serverNames.ips.map((ip) => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
    ]
    extensions.push(extension('2.5.29.17', false, seq(...names)))
    extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))))
  }
  if (request.clientAuth)
    extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.2'))))

  // Validity is in wall-clock time: TLS peers check it against their own clocks, not the fake one.
  const notBefore = new Date(Date.now() - 24 * 3_600_000)
  const notAfter = new Date(Date.now() + request.validDays * 24 * 3_600_000)
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7f || 0x01
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithmFor(signerKey),
    name(issuerCommonName),
    seq(time(notBefore), time(notAfter)),
    name(request.commonName),
    spki,
    explicit(3, seq(...extensions)),
  )
  const signature = sign(signerKey.asymmetricKeyType === 'ec' ? 'sha256' : 'sha256', tbs, signerKey)
  const certDer = seq(tbs, algorithmFor(signerKey), bitString(signature))
  const certPem = `-----BEGIN CERTIFICATE-----\n${certDer
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`
  return {
    certPem,
    keyPem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    certDer,
    privateKey: pair.privateKey,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    thumbprintSha1: createHash('sha1').update(certDer).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(certDer).digest('hex').toUpperCase(),
  }
}

export function createTestCa(commonName = 'Fake Microsoft Cloud Test CA'): IssuedCertificate {
  return issue({ commonName, keyType: 'ec', isCa: true, validDays: 30 })
}

export function createServerCertificate(
  ca: IssuedCertificate,
  dns = ['localhost'],
  ips = ['127.0.0.1'],
): IssuedCertificate {
  return issue({
    commonName: dns[0] ?? 'localhost',
    keyType: 'ec',
    isCa: false,
    serverNames: { dns, ips },
    validDays: 30,
    issuer: ca,
  })
}

/** A self-signed RSA certificate for an app's certificate credential (client assertions are RS256/PS256). */
export function createClientCertificate(commonName: string): IssuedCertificate {
  return issue({ commonName, keyType: 'rsa', isCa: false, clientAuth: true, validDays: 365 })
}
