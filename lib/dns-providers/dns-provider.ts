/**
 * The DNS provider plug-in interface: where the HTTPS records are published. A DNS provider checks that the
 * records fit it, renders the exact API payload (an artifact any tool can apply), and describes the Pulumi
 * resource that creates each record (the Pulumi adapter instantiates it from the provider's package, which is
 * an optional peer dependency loaded only when used).
 *
 * Adding a DNS provider is adding one file and one line in registry.ts.
 */
import type { HttpsRecord } from '../core/https-dns-record';
import type { ReportNote } from '../core/report';
import type { Artifact } from '../core/types';

/** a Pulumi resource to create for a record: `new (require(module)[...resource])(`${name}-${role}`, args, { parent })` */
export interface DnsPulumiResource {
  /** the child's role (its Pulumi name is `${name}-${role}`), e.g. `https-record-0` */
  readonly role: string;
  /** the npm package, e.g. `@pulumi/cloudflare` */
  readonly module: string;
  /** the path to the resource class in the package, e.g. `['route53', 'Record']` */
  readonly resource: readonly string[];
  /** the resource args (placeholders possible: the adapter restores the Inputs) */
  readonly args: Readonly<Record<string, unknown>>;
}

/** one row of the README DNS table */
export interface DnsProviderSupport {
  readonly api: string;
  readonly pulumi: string;
  readonly caveats: string;
}

/** a DNS provider plug-in */
export interface DnsProvider<N extends string = string, O extends { readonly name: N } = { readonly name: N }> {
  /** the `dns.provider.name` users write */
  readonly name: N;
  readonly title: string;
  readonly support: DnsProviderSupport;
  /** the option fields accepted besides `name` */
  readonly fields: readonly string[];
  /** read and check the options (`raw` has only known fields) */
  parse(raw: Readonly<Record<string, unknown>>, path: string): O;
  /** refuse records the provider cannot hold (TTL ranges, names) */
  check(options: O, records: readonly HttpsRecord[], path: string): void;
  /** the API payload(s) to apply the records with any tool */
  payloads(options: O, records: readonly HttpsRecord[], name: string): Artifact[];
  /** the Pulumi resources that create the records */
  pulumiResources(options: O, records: readonly HttpsRecord[]): DnsPulumiResource[];
  /** what users must know */
  notes(options: O): ReportNote[];
}

/** a DNS service that cannot hold HTTPS records: refused with the reason and the alternatives */
export interface RefusedDnsProvider {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly title: string;
  readonly reason: string;
  readonly source: string;
}

/** the hostname without the trailing dot the zone-file owner has */
export function relativeOwner(record: HttpsRecord): string {
  return record.owner.replace(/\.$/, '');
}

/** the SvcParams part of the RDATA text (`alpn=h3,h2`), what Cloudflare calls the record's value */
export function svcParamsText(record: HttpsRecord): string {
  return record.rdataText.split(' ').slice(2).join(' ');
}

/** one Pulumi resource per record, with the role `https-record-<index>`: `module` and `resource` name the class, `args` builds its args */
export function recordResources(
  records: readonly HttpsRecord[],
  module: string,
  resource: readonly string[],
  args: (record: HttpsRecord) => Readonly<Record<string, unknown>>,
): DnsPulumiResource[] {
  return records.map((record, i) => ({ role: `https-record-${i}`, module, resource, args: args(record) }));
}
