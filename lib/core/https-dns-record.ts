/**
 * HttpsDnsRecord: the RFC 9460 DNS HTTPS record that lets clients use HTTP/3 on the first connection
 * (`app.example.com. 300 IN HTTPS 1 . alpn=h3,h2`), as zone-file text, RDATA text, wire bytes and a zone
 * fragment artifact.
 *
 * For the default port the record sits at the hostname with TargetName "." (the owner itself). For another
 * port it sits at the port-prefixed name `_<port>._https.<host>` (RFC 9460 §9.1) and names the host as
 * TargetName: with ".", the effective target would be the port-prefixed name, which has no addresses.
 */
import { isIP } from 'node:net';
import type { DnsPulumiResource } from '../dns-providers/dns-provider';
import { resolveDnsProvider, type DnsProviderOptions } from '../dns-providers/registry';
import { Http3ConfigError } from './errors';
import {
  encodeValidatedRdata,
  formatValidatedRdata,
  formatValidatedRecord,
  validateHttpsRdata,
  type HttpsRdata,
  type SvcParams,
} from './https-record-codec';
import { HTTPS_PORT, readName } from './naming';
import { containsPlaceholder } from './placeholders';
import { FindingStatus, finding, mergeReport, NoteSeverity, note, type ReportNote } from './report';
import { ArtifactTool, type Artifact, type Synthesis } from './types';
import { isPlainObject, readBoolean, readHostname, readInteger, readIp, readObject, readPort, readString } from './validate';

/** the record options shared by the HttpsDnsRecord construct and the `dns` prop of Http3Gateway */
export interface HttpsRecordOptions<S = string> {
  /**
   * The record TTL in seconds: also how long a change (or a withdrawal) takes to reach every client.
   *
   * @default 300
   */
  readonly ttlSeconds?: number;
  /**
   * The ALPN ids offered (`h3` for HTTP/3 on UDP, `h2` for HTTP/2 on TCP; the order carries no preference).
   *
   * @default - ['h3', 'h2'] (['h2'] while HTTP/3 is being withdrawn)
   */
  readonly alpn?: readonly string[];
  /**
   * SvcPriority: 1 or more (ServiceMode). AliasMode (0) cannot carry alpn, and Chrome ignores it.
   *
   * @default 1
   */
  readonly priority?: number;
  /**
   * IPv4 address hints. Discouraged next to TargetName "." (RFC 9460 §7.3): they go stale when the load
   * balancer's address changes.
   *
   * @default - none
   */
  readonly ipv4hint?: readonly S[];
  /**
   * IPv6 address hints (same caveat as ipv4hint).
   *
   * @default - none
   */
  readonly ipv6hint?: readonly S[];
  /**
   * The base64 ECHConfigList of the TLS server, for Encrypted ClientHello (RFC 9848).
   *
   * @default - none
   */
  readonly ech?: string;
  /**
   * The DNS provider that publishes the records: Pulumi creates them there, and both frameworks write its
   * API payload as an artifact. Azure DNS, DigitalOcean DNS and external-dns cannot hold HTTPS records.
   *
   * @default - none: only the zone-file fragment
   */
  readonly provider?: DnsProviderOptions<S>;
  /**
   * Take ipv4hint/ipv6hint from the address the load-balancer Service gets (its status), at deployment: Pulumi
   * only, and only where kube-http3 creates that Service. Off by default: hints next to TargetName "." are
   * discouraged (RFC 9460 §7.3) and go stale when the address changes.
   *
   * @default false
   */
  readonly hintsFromLoadBalancer?: boolean;
}

/** options of the HttpsDnsRecord construct */
export interface HttpsDnsRecordOptions<S = string> extends HttpsRecordOptions<S> {
  /**
   * Name of the construct (prefix of the zone artifact file).
   *
   * @default - cdk8s: derived from the construct path; Pulumi: the resource name
   */
  readonly name?: string;
  /** the hostnames the records are for */
  readonly hostnames: readonly S[];
  /**
   * The origin's port: HTTPS on TCP and HTTP/3 on UDP.
   *
   * @default 443
   */
  readonly port?: number;
}

/** one HTTPS record */
export interface HttpsRecord {
  /** the owner name, absolute (`app.example.com.`, or `_8443._https.app.example.com.`) */
  readonly owner: string;
  /** the hostname the record serves */
  readonly hostname: string;
  readonly ttlSeconds: number;
  readonly rdata: HttpsRdata;
  /** the RDATA presentation text, e.g. `1 . alpn=h3,h2` (what Route 53 and Cloud DNS take) */
  readonly rdataText: string;
  /** the zone-file line */
  readonly text: string;
  /** the RDATA wire bytes as lowercase hex (undefined while a value is a placeholder) */
  readonly wireHex?: string;
}

/** the result of HttpsDnsRecord */
export interface HttpsDnsRecordSynthesis extends Synthesis {
  readonly records: readonly HttpsRecord[];
  /** the DNS provider resources the Pulumi adapter creates (none without `provider`) */
  readonly dnsResources: readonly DnsPulumiResource[];
  /**
   * The role of the load-balancer Service whose status address the records' hints come from, at deployment
   * (`hintsFromLoadBalancer`): the Pulumi adapter synthesizes again with those addresses as ipv4hint/ipv6hint.
   */
  readonly addressHintsFrom?: string;
  /** the zone-file lines, one per record, newline-terminated */
  readonly zoneFragment: string;
}

/** the fields of the record options (HttpsRecordOptions) */
export const HTTPS_RECORD_FIELDS: readonly string[] = ['ttlSeconds', 'alpn', 'priority', 'ipv4hint', 'ipv6hint', 'ech', 'provider', 'hintsFromLoadBalancer'];

/** synthesize the HTTPS records on their own */
export function synthesizeHttpsDnsRecord(options: HttpsDnsRecordOptions): HttpsDnsRecordSynthesis {
  const o = readObject(options, '', ['name', 'hostnames', 'port', ...HTTPS_RECORD_FIELDS]);
  const name = readName(o.name, 'name');
  const hostnames = readHostnames(o.hostnames, 'hostnames');
  const port = readPort(o.port, 'port', HTTPS_PORT);
  const record = Object.fromEntries(HTTPS_RECORD_FIELDS.map((key) => [key, o[key]]));
  return renderHttpsRecords(name, hostnames, port, record, '', { quic: true });
}

/** read a non-empty list of distinct hostnames */
export function readHostnames(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty list of hostnames, e.g. ["app.example.com"]');
  }
  const hostnames = value.map((h, i) => readHostname(h, `${path}[${i}]`));
  hostnames.forEach((h, i) => {
    const first = hostnames.indexOf(h);
    if (first !== i && !containsPlaceholder(h)) {
      throw Http3ConfigError.invalid(`${path}[${i}]`, h, `a hostname not listed before (it is ${path}[${first}])`, 'list each hostname once');
    }
  });
  return hostnames;
}

/**
 * Render the records for the hostnames. `raw` is the record options object (the `dns` prop); `quic` says
 * whether HTTP/3 is on (the default ALPN drops h3 while withdrawing, and an explicit h3 is refused then).
 */
export function renderHttpsRecords(
  name: string,
  hostnames: readonly string[],
  port: number,
  raw: unknown,
  path: string,
  context: { readonly quic: boolean; readonly udpPort?: number; readonly loadBalancerServiceRole?: string },
): HttpsDnsRecordSynthesis {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  const o = readObject(isPlainObject(raw) ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) : raw, path, HTTPS_RECORD_FIELDS);
  const ttlSeconds = readInteger(o.ttlSeconds, at('ttlSeconds'), 1, 2147483647, 300);
  if (o.priority === 0) {
    throw Http3ConfigError.invalid(
      at('priority'),
      0,
      'an integer between 1 and 65535 (ServiceMode)',
      'priority 0 is AliasMode, which carries no alpn and which Chrome ignores',
    );
  }
  const priority = readInteger(o.priority, at('priority'), 1, 65535, 1);
  // an HTTPS record's port applies to every protocol it offers: h3 on another UDP port cannot be expressed
  const h3Elsewhere = context.udpPort !== undefined && context.udpPort !== port;
  const alpn = o.alpn === undefined ? (context.quic && !h3Elsewhere ? ['h3', 'h2'] : ['h2']) : readAlpn(o.alpn, at('alpn'));
  if (context.quic && h3Elsewhere && alpn.includes('h3')) {
    throw Http3ConfigError.refused(
      at('alpn'),
      alpn,
      `cannot offer h3: HTTP/3 is on UDP port ${context.udpPort} while HTTPS is on ${port}, and an HTTPS record names one port for every protocol it offers`,
      'drop "h3" from alpn (or remove alpn to get ["h2"]); clients learn HTTP/3 from Alt-Svc',
    );
  }
  if (!context.quic && alpn.includes('h3')) {
    throw Http3ConfigError.conflict(
      at('alpn'),
      alpn,
      'altSvc.clear',
      true,
      'HTTP/3 is being withdrawn, and an HTTPS record with h3 would keep sending clients to QUIC',
      'drop "h3" from alpn (or remove alpn to get ["h2"])',
    );
  }
  const ipv4hint = o.ipv4hint === undefined ? undefined : readList(o.ipv4hint, at('ipv4hint'), (v, p) => readIp(v, p, 4));
  const ipv6hint = o.ipv6hint === undefined ? undefined : readList(o.ipv6hint, at('ipv6hint'), (v, p) => readIp(v, p, 6));
  const ech = o.ech === undefined ? undefined : readString(o.ech, at('ech'));
  const hintsFromLoadBalancer = readBoolean(o.hintsFromLoadBalancer, at('hintsFromLoadBalancer'), false);
  if (hintsFromLoadBalancer && (ipv4hint || ipv6hint)) {
    throw Http3ConfigError.conflict(
      at('hintsFromLoadBalancer'),
      true,
      at(ipv4hint ? 'ipv4hint' : 'ipv6hint'),
      ipv4hint ?? ipv6hint,
      'the hints come either from the load balancer or from the props',
      'keep one of them',
    );
  }
  if (hintsFromLoadBalancer && context.loadBalancerServiceRole === undefined) {
    throw Http3ConfigError.refused(
      at('hintsFromLoadBalancer'),
      true,
      'needs a load-balancer Service that kube-http3 creates, to read its address at deployment; here there is none (a standalone record, or an implementation whose controller creates the Service)',
      `pass ${at('ipv4hint')} / ${at('ipv6hint')} yourself, or remove hintsFromLoadBalancer`,
    );
  }
  const notes: ReportNote[] = [
    note(
      NoteSeverity.INFO,
      'https-record-upgrades-http',
      'with an HTTPS record published, browsers treat http:// links to these hostnames as https:// (RFC 9460 §9.5): plain HTTP is no longer reachable from them',
    ),
  ];
  if (ipv4hint || ipv6hint || hintsFromLoadBalancer) {
    notes.push(note(
      NoteSeverity.WARNING,
      'https-record-hints',
      'address hints next to the record go stale when the load balancer address changes, and some clients try them before A/AAAA; prefer no hints (RFC 9460 §7.3)',
    ));
  }
  if (port !== HTTPS_PORT) {
    notes.push(note(
      NoteSeverity.INFO,
      'https-record-port-prefix',
      `the origin port ${port} is not 443: the record sits at _${port}._https.<host> with the host as TargetName (RFC 9460 §9.1); ` +
        'browsers gain little from it: Chrome uses only records whose TargetName is "." or the query name, ' +
        'and Firefox does not query port-prefixed names by default',
    ));
  }
  const params: SvcParams = {
    alpn,
    ...(ipv4hint ? { ipv4hint } : {}),
    ...(ech !== undefined ? { ech } : {}),
    ...(ipv6hint ? { ipv6hint } : {}),
  };
  hostnames.forEach((hostname, index) => {
    if (port !== HTTPS_PORT && hostname.startsWith('*.')) {
      throw Http3ConfigError.conflict(
        `hostnames[${index}]`,
        hostname,
        'port',
        port,
        `the HTTPS record for port ${port} sits at _${port}._https.<host> and names the host as TargetName, which cannot be a wildcard`,
        path ? `list the concrete hostnames instead, or set ${path}: false` : 'list the concrete hostnames instead',
      );
    }
  });
  const records = hostnames.map((hostname): HttpsRecord => {
    const owner = port === HTTPS_PORT ? `${hostname}.` : `_${port}._https.${hostname}.`;
    const rdata: HttpsRdata = { priority, target: port === HTTPS_PORT ? '.' : `${hostname}.`, params };
    // validated once here, under the user's prop names; ttlSeconds is already in range
    checkRdata(rdata, path, hostname);
    const rdataText = formatValidatedRdata(rdata);
    const text = formatValidatedRecord(owner, ttlSeconds, rdataText);
    const wireHex = containsPlaceholder(rdataText) ? undefined : Buffer.from(encodeValidatedRdata(rdata)).toString('hex');
    return { owner, hostname, ttlSeconds, rdata, rdataText, text, ...(wireHex !== undefined ? { wireHex } : {}) };
  });
  const provider = o.provider === undefined ? undefined : resolveDnsProvider(o.provider, at('provider'));
  provider?.provider.check(provider.options, records, at('provider'));
  if (provider) notes.push(...provider.provider.notes(provider.options));
  const zoneFragment = records.map((r) => `${r.text}\n`).join('');
  const artifact: Artifact = {
    fileName: `${name}.https-records.zone`,
    tool: ArtifactTool.ZONE_FILE,
    header: 'add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); check with named-checkzone',
    content: zoneFragment,
  };
  return {
    resources: [],
    artifacts: [artifact, ...(provider ? provider.provider.payloads(provider.options, records, name) : [])],
    dnsResources: provider ? provider.provider.pulumiResources(provider.options, records) : [],
    ...(hintsFromLoadBalancer ? { addressHintsFrom: context.loadBalancerServiceRole } : {}),
    report: mergeReport({
      discovery: finding(
        alpn.includes('h3') ? FindingStatus.YES : FindingStatus.NO,
        `the HTTPS record offers alpn=${alpn.join(',')} with a ${ttlSeconds} s TTL${alpn.includes('h3') ? ': clients that read it can start with HTTP/3 on the first connection' : ''}`,
      ),
      notes,
    }),
    records,
    zoneFragment,
  };
}

/** the prop base the codec reports under, replaced by the user's prop path (`dns.alpn[1]`, not `dns.params.alpn[1]`) */
const RDATA_PROP = '@rdata';

/**
 * Check the RDATA with the codec, naming the offending prop as the user wrote it: the record options (at `path`)
 * are the SvcParams. A problem of the whole RDATA (its encoded size) names the record options and the hostname.
 */
function checkRdata(rdata: HttpsRdata, path: string, hostname: string): void {
  try {
    validateHttpsRdata(rdata, RDATA_PROP);
  } catch (e) {
    if (!Http3ConfigError.isHttp3ConfigError(e) || !e.prop.startsWith(RDATA_PROP)) throw e;
    if (e.prop === RDATA_PROP) {
      throw new Http3ConfigError(path, e.value, e.message.replace(RDATA_PROP, `${path ? `${path}: ` : ''}the HTTPS record of ${hostname}`));
    }
    const base = path ? `${path}.` : '';
    const rename = (text: string): string => text.split(`${RDATA_PROP}.params.`).join(base).split(`${RDATA_PROP}.`).join(base);
    throw new Http3ConfigError(rename(e.prop), e.value, rename(e.message));
  }
}

function readAlpn(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    throw Http3ConfigError.invalid(path, value, 'a non-empty list of ALPN ids, e.g. ["h3", "h2"]');
  }
  return value as string[];
}

function readList(value: unknown, path: string, read: (v: unknown, p: string) => string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw Http3ConfigError.invalid(path, value, 'a non-empty list of addresses');
  return value.map((v, i) => read(v, `${path}[${i}]`));
}

/**
 * The props with the load balancer's addresses as the HTTPS records' hints (`hintsFromLoadBalancer` replaced
 * by `ipv4hint`/`ipv6hint`), for the second synthesis the Pulumi adapter runs once the Service has its address.
 * Addresses that are not IPs (an AWS NLB reports a hostname) give no hints.
 */
export function withLoadBalancerHints<T extends { readonly dns?: unknown }>(options: T, addresses: readonly string[]): T {
  if (!isPlainObject(options.dns)) return options;
  const { hintsFromLoadBalancer: _hints, ...dns } = options.dns;
  const ipv4hint = addresses.filter((a) => isIP(a) === 4);
  const ipv6hint = addresses.filter((a) => isIP(a) === 6);
  return {
    ...options,
    dns: { ...dns, ...(ipv4hint.length > 0 ? { ipv4hint } : {}), ...(ipv6hint.length > 0 ? { ipv6hint } : {}) },
  };
}
