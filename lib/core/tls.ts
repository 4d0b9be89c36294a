/**
 * TLS for the listener: an existing Secret, a certificate and key given as PEM (checked here, then stored as
 * a `kubernetes.io/tls` Secret), or a cert-manager `Certificate` that keeps one issued.
 *
 * QUIC is TLS 1.3 only (RFC 9001) and browsers use HTTP/3 only with certificates that chain to a publicly
 * trusted CA, so a self-signed certificate is reported: it works for curl, not for browsers.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { Http3ConfigError, Redacted } from './errors';
import { isPlaceholder } from './placeholders';
import { NoteSeverity, note, type ReportNote } from './report';
import type { StringMap, SynthesizedResource } from './types';
import type { ListenerTls } from '../gateways/gateway';
import { isPlainObject, readDns1123Subdomain, readEnum, readObject, readString, required } from './validate';

/** a cert-manager issuer reference */
export interface CertManagerIssuerOptions {
  /** the issuer's name */
  readonly issuer: string;
  /**
   * The issuer kind.
   *
   * @default 'Issuer'
   */
  readonly kind?: 'Issuer' | 'ClusterIssuer';
  /**
   * The issuer's API group (for external issuers).
   *
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** an existing `kubernetes.io/tls` Secret */
export interface TlsSecretReference {
  /** the Secret's name (in the namespace the implementation reads TLS Secrets from) */
  readonly secretName: string;
}

/** a certificate and key given as PEM: kube-http3 checks them and stores them as a `kubernetes.io/tls` Secret */
export interface TlsPemOptions<S = string> {
  /** the certificate chain, PEM, leaf first */
  readonly certificate: S;
  /** the private key of the leaf certificate, PEM (a Pulumi secret in the Pulumi adapter) */
  readonly privateKey: S;
  /**
   * The name of the Secret to create.
   *
   * @default - `<name>-tls`
   */
  readonly secretName?: string;
}

/** a cert-manager Certificate issued for the hostnames */
export interface TlsCertManagerOptions {
  readonly certManager: CertManagerIssuerOptions;
  /**
   * The name of the Secret cert-manager writes.
   *
   * @default - `<name>-tls`
   */
  readonly secretName?: string;
}

/** a certificate the load balancer holds (for implementations where the load balancer terminates TLS and QUIC) */
export interface TlsLoadBalancerCertificate {
  /** the load balancer's certificate ID, e.g. a DigitalOcean certificate UUID */
  readonly loadBalancerCertificateId: string;
}

/**
 * The `tls` prop: exactly one of an existing Secret, PEM material, a cert-manager issuer, or a certificate
 * the load balancer holds. Which ones work depends on who terminates TLS (the gateway implementation).
 */
export type TlsOptions<S = string> = TlsSecretReference | TlsPemOptions<S> | TlsCertManagerOptions | TlsLoadBalancerCertificate;

/** what TLS resolves to */
export interface ResolvedTls {
  /** the certificate the listener uses */
  readonly listener: ListenerTls;
  /** the Secret or Certificate to create (none for an existing Secret) */
  readonly resources: readonly SynthesizedResource[];
  readonly notes: readonly ReportNote[];
}

const TLS_FORMS: Record<ListenerTls['kind'], string> = {
  'secret': '{ secretName } for an existing Secret, { certificate, privateKey } as PEM, or { certManager: { issuer } }',
  'load-balancer': '{ loadBalancerCertificateId } for a certificate the load balancer holds',
  'none': 'nothing (the backends terminate TLS)',
};

/** what the `tls` prop may be for an implementation that accepts these kinds */
function tlsExpected(accepted: ReadonlyArray<ListenerTls['kind']>): string {
  return accepted.map((kind) => TLS_FORMS[kind]).join('; or ');
}

/** refuse a kind of TLS the implementation does not accept */
function checkKind(kind: ListenerTls['kind'], value: unknown, path: string, context: Pick<TlsContext, 'accepted' | 'implementation'>): void {
  if (context.accepted.includes(kind)) return;
  throw Http3ConfigError.conflict(
    path,
    value,
    'gateway.implementation',
    context.implementation,
    kind === 'load-balancer'
      ? `${context.implementation} terminates TLS in the cluster, not at the load balancer`
      : `${context.implementation} terminates TLS at the load balancer, which cannot read a Kubernetes Secret`,
    `give tls as ${tlsExpected(context.accepted)}`,
  );
}

/**
 * Resolve a TLS reference (QuicListener: a Secret name or a load-balancer certificate ID, nothing to create)
 * against the kinds the implementation accepts.
 */
export function resolveTlsReference(
  secretName: unknown,
  certificateId: unknown,
  context: Pick<TlsContext, 'accepted' | 'implementation'>,
): ListenerTls {
  if (secretName !== undefined && certificateId !== undefined) {
    throw Http3ConfigError.conflict('tlsSecretName', secretName, 'loadBalancerCertificateId', certificateId, 'the listener uses one certificate', 'keep one of them');
  }
  if (certificateId !== undefined) {
    checkKind('load-balancer', certificateId, 'loadBalancerCertificateId', context);
    return { kind: 'load-balancer', certificateId: readString(certificateId, 'loadBalancerCertificateId') };
  }
  if (secretName !== undefined) {
    checkKind('secret', secretName, 'tlsSecretName', context);
    return { kind: 'secret', secretName: readDns1123Subdomain(secretName, 'tlsSecretName') };
  }
  if (context.accepted.includes('none')) return { kind: 'none' };
  const want = context.accepted.includes('secret') ? 'tlsSecretName' : 'loadBalancerCertificateId';
  throw Http3ConfigError.invalid(want, undefined, context.accepted.includes('secret') ? 'the name of a kubernetes.io/tls Secret' : 'a load-balancer certificate ID', `${want} is required for ${context.implementation}`);
}

/** the context TLS is resolved in */
export interface TlsContext {
  readonly name: string;
  /** where the implementation reads the Secret from */
  readonly namespace: string;
  readonly hostnames: readonly string[];
  readonly labels: StringMap;
  /** the moment validity is checked against */
  readonly now: Date;
  /** the kinds of TLS the implementation accepts */
  readonly accepted: ReadonlyArray<ListenerTls['kind']>;
  /** the implementation's name, for messages */
  readonly implementation: string;
}

/** read the `tls` prop and produce the Secret or Certificate */
export function resolveTls(value: unknown, path: string, context: TlsContext): ResolvedTls {
  if (value === undefined && context.accepted.includes('none')) {
    return { listener: { kind: 'none' }, resources: [], notes: [] };
  }
  if (!isPlainObject(value)) {
    throw Http3ConfigError.invalid(path, value, `an object: ${tlsExpected(context.accepted)}`);
  }
  if ('loadBalancerCertificateId' in value) {
    const o = readObject(value, path, ['loadBalancerCertificateId']);
    checkKind('load-balancer', o.loadBalancerCertificateId, `${path}.loadBalancerCertificateId`, context);
    const certificateId = readString(o.loadBalancerCertificateId, `${path}.loadBalancerCertificateId`);
    return {
      listener: { kind: 'load-balancer', certificateId },
      resources: [],
      notes: [note(
        NoteSeverity.INFO,
        'tls-load-balancer-certificate',
        `the load balancer terminates TLS with its certificate ${certificateId}; kube-http3 cannot check that it covers every hostname or chains to a public CA (browsers need both for HTTP/3)`,
      )],
    };
  }
  checkKind('secret', value, path, context);
  const pem = 'certificate' in value || 'privateKey' in value;
  const certManager = 'certManager' in value;
  if (pem && certManager) {
    throw Http3ConfigError.conflict(
      `${path}.certManager`,
      value.certManager,
      `${path}.certificate`,
      new Redacted('PEM certificate'),
      'the certificate either comes as PEM or is issued by cert-manager',
      'keep one of them',
    );
  }
  if (pem) return resolvePem(readObject(value, path, ['certificate', 'privateKey', 'secretName']), path, context);
  if (certManager) return resolveCertManager(readObject(value, path, ['certManager', 'secretName']), path, context);
  const o = readObject(value, path, ['secretName']);
  if (o.secretName === undefined) {
    throw Http3ConfigError.invalid(path, value, `an object: ${tlsExpected(context.accepted)}`);
  }
  return {
    listener: { kind: 'secret', secretName: readDns1123Subdomain(o.secretName, `${path}.secretName`) },
    resources: [],
    notes: [
      note(
        NoteSeverity.INFO,
        'tls-existing-secret',
        `the listener uses the existing Secret ${context.namespace}/${o.secretName}; kube-http3 cannot check that it covers every hostname or chains to a public CA (browsers need both for HTTP/3)`,
      ),
    ],
  };
}

function resolveCertManager(o: Record<string, unknown>, path: string, context: TlsContext): ResolvedTls {
  const ref = readObject(o.certManager, `${path}.certManager`, ['issuer', 'kind', 'group']);
  const issuer = readDns1123Subdomain(required(ref.issuer, `${path}.certManager.issuer`, 'the name of a cert-manager Issuer or ClusterIssuer'), `${path}.certManager.issuer`);
  const kind = readEnum(ref.kind, `${path}.certManager.kind`, ['Issuer', 'ClusterIssuer'] as const, 'Issuer');
  const group = ref.group === undefined ? 'cert-manager.io' : readDns1123Subdomain(ref.group, `${path}.certManager.group`);
  const secretName = o.secretName === undefined ? `${context.name}-tls` : readDns1123Subdomain(o.secretName, `${path}.secretName`);
  return {
    listener: { kind: 'secret', secretName },
    resources: [
      {
        role: 'certificate',
        manifest: {
          apiVersion: 'cert-manager.io/v1',
          kind: 'Certificate',
          metadata: { name: context.name, namespace: context.namespace, labels: context.labels },
          spec: {
            secretName,
            dnsNames: [...context.hostnames],
            issuerRef: { name: issuer, kind, group },
          },
        },
      },
    ],
    notes: [
      note(
        NoteSeverity.INFO,
        'tls-cert-manager',
        `cert-manager issues the certificate into ${context.namespace}/${secretName}; browsers use HTTP/3 only if the issuer chains to a publicly trusted CA`,
      ),
    ],
  };
}

function resolvePem(o: Record<string, unknown>, path: string, context: TlsContext): ResolvedTls {
  const certificatePem = o.certificate;
  const keyPem = o.privateKey;
  const secretName = o.secretName === undefined ? `${context.name}-tls` : readDns1123Subdomain(o.secretName, `${path}.secretName`);
  const notes: ReportNote[] = [];
  if (typeof certificatePem !== 'string' || (!isPlaceholder(certificatePem) && !certificatePem.includes('-----BEGIN CERTIFICATE-----'))) {
    throw Http3ConfigError.invalid(`${path}.certificate`, certificatePem, 'a PEM certificate chain ("-----BEGIN CERTIFICATE-----...")');
  }
  if (typeof keyPem !== 'string' || (!isPlaceholder(keyPem) && !/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/.test(keyPem))) {
    throw Http3ConfigError.invalid(
      `${path}.privateKey`,
      typeof keyPem === 'string' ? new Redacted(`a string of ${keyPem.length} characters`) : keyPem,
      'a PEM private key ("-----BEGIN PRIVATE KEY-----...")',
    );
  }
  if (!isPlaceholder(certificatePem) && !isPlaceholder(keyPem)) {
    notes.push(...checkPem(certificatePem, keyPem, path, context));
  } else {
    notes.push(note(
      NoteSeverity.INFO,
      'tls-checked-at-deployment',
      'the certificate or key is known only at deployment: the key, validity and hostname checks run then (and fail the deployment), but this report cannot warn about a self-signed or soon-expiring certificate',
    ));
  }
  return {
    listener: { kind: 'secret', secretName },
    resources: [
      {
        role: 'tls-secret',
        manifest: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secretName, namespace: context.namespace, labels: context.labels },
          type: 'kubernetes.io/tls',
          // stored exactly as given (PEM decoders accept a missing final newline), so an Input resolves to the same bytes
          stringData: { 'tls.crt': certificatePem, 'tls.key': keyPem },
        },
      },
    ],
    notes,
  };
}

/** check that the key belongs to the leaf certificate, that it is valid now and that it covers every hostname */
function checkPem(certificatePem: string, keyPem: string, path: string, context: TlsContext): ReportNote[] {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certificatePem);
  } catch (e) {
    throw Http3ConfigError.invalid(
      `${path}.certificate`,
      certificatePem,
      'a PEM certificate chain that parses',
      `it does not (${(e as Error).message})`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw Http3ConfigError.invalid(
      `${path}.privateKey`,
      new Redacted(`PEM private key of ${keyPem.length} characters`),
      'a PEM private key that parses (unencrypted: PKCS#8, PKCS#1 or SEC1)',
      `it does not (${(e as Error).message})`,
    );
  }
  const subject = leaf.subject.replace(/\n/g, ', ');
  if (!leaf.checkPrivateKey(key)) {
    throw Http3ConfigError.refused(
      `${path}.privateKey`,
      new Redacted('PEM private key'),
      `does not belong to the certificate (subject ${subject}, serial ${leaf.serialNumber})`,
      'pass the private key the certificate was issued for',
    );
  }
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (context.now < notBefore || context.now > notAfter) {
    const expired = context.now > notAfter;
    const validity = `it is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}`;
    throw Http3ConfigError.refused(
      `${path}.certificate`,
      `subject ${subject}`,
      `${expired ? 'has expired' : 'is not valid yet'} (now is ${context.now.toISOString()}): ${validity}`,
      expired
        ? 'renew it, or use tls.certManager so it is renewed for you'
        : 'pass a certificate that is valid now (check the clock of the machine that issued this one), or use tls.certManager',
    );
  }
  const names = (leaf.subjectAltName ?? '').split(', ').filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4).toLowerCase());
  context.hostnames.forEach((hostname, index) => {
    if (isPlaceholder(hostname)) return;
    const covered = hostname.startsWith('*.')
      ? names.includes(hostname)
      : leaf.checkHost(hostname, { subject: 'never', wildcards: true, partialWildcards: false }) !== undefined;
    if (!covered) {
      throw Http3ConfigError.refused(
        `hostnames[${index}]`,
        hostname,
        `is not covered by ${path}.certificate (its DNS names: ${names.length > 0 ? names.join(', ') : 'none'}; the subject CN does not count for browsers)`,
        'reissue the certificate with every hostname as a subjectAltName, or remove the hostname',
      );
    }
  });
  const notes: ReportNote[] = [];
  if (leaf.issuer === leaf.subject && leaf.verify(leaf.publicKey)) {
    notes.push(note(
      NoteSeverity.WARNING,
      'tls-self-signed',
      `the certificate (subject ${subject}) is self-signed: browsers use HTTP/3 only with certificates that chain to a publicly trusted CA, and never learn Alt-Svc over an untrusted connection; curl --http3 works`,
    ));
  }
  const days = Math.floor((notAfter.getTime() - context.now.getTime()) / 86_400_000);
  if (days < 30) {
    notes.push(note(NoteSeverity.WARNING, 'tls-expires-soon', `the certificate expires in ${days} days (${notAfter.toISOString()})`));
  }
  return notes;
}
