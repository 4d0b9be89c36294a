/**
 * Test certificates, generated at test time with @peculiar/x509 (never committed, so they never expire).
 */
import 'reflect-metadata'; // @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKeyPairLike = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

/** a PEM certificate chain with its private key */
export interface PemPair {
  readonly certificate: string;
  readonly privateKey: string;
}

/** options of makeCertificate */
export interface CertificateOptions {
  /** subjectAltName DNS names */
  readonly dnsNames: readonly string[];
  /** @default - a day ago */
  readonly notBefore?: Date;
  /** @default - 90 days from now */
  readonly notAfter?: Date;
  /** @default false: issued by a generated test CA (the chain holds both) */
  readonly selfSigned?: boolean;
  /** @default - the dnsNames' first entry */
  readonly commonName?: string;
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key ));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

let serial = 1;

/** generate a leaf certificate (and its CA unless self-signed) */
export async function makeCertificate(options: CertificateOptions): Promise<PemPair> {
  const now = Date.now();
  const notBefore = options.notBefore ?? new Date(now - DAY);
  const notAfter = options.notAfter ?? new Date(now + 90 * DAY);
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const extensions = [new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value })))];
  const name = `CN=${options.commonName ?? options.dnsNames[0] ?? 'test'}`;
  if (options.selfSigned) {
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: (serial++).toString(16).padStart(2, '0'),
      name,
      notBefore,
      notAfter,
      keys: leafKeys as unknown as CryptoKeyPairLike,
      signingAlgorithm: ALGORITHM,
      extensions,
    });
    return { certificate: cert.toString('pem'), privateKey: await pkcs8Pem(leafKeys.privateKey) };
  }
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name: 'CN=kube-http3 test CA',
    notBefore: new Date(now - 2 * DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys: caKeys as unknown as CryptoKeyPairLike,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject: name,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey as unknown as CryptoKeyPairLike['publicKey'],
    signingKey: caKeys.privateKey as unknown as CryptoKeyPairLike['privateKey'],
    signingAlgorithm: ALGORITHM,
    extensions,
  });
  return { certificate: `${leaf.toString('pem')}\n${ca.toString('pem')}\n`, privateKey: await pkcs8Pem(leafKeys.privateKey) };
}
