/**
 * `google-cloud-dns`: Google Cloud DNS (discovery.md C.3). A record set of type `HTTPS` with the RDATA text in
 * `rrdatas` (never wrapped in outer quotes: the API answers 400), the name absolute with its trailing dot, through
 * gcloud or `@pulumi/gcp` `dns.RecordSet`. gcloud splits `--rrdatas` on commas, which the alpn list contains,
 * so the payload uses gcloud's alternate delimiter (`^;^`).
 */
import { Http3ConfigError } from '../core/errors';
import { ArtifactTool } from '../core/types';
import { readString } from '../core/validate';
import { recordResources, type DnsProvider } from './dns-provider';

/** options of the `google-cloud-dns` DNS provider */
export interface GoogleCloudDnsOptions<S = string> {
  readonly name: 'google-cloud-dns';
  /** the managed zone's name (Pulumi: may be an Input, e.g. a `gcp.dns.ManagedZone`'s name) */
  readonly managedZone: S;
}

/** quote a value for a POSIX shell (single quotes) */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const googleCloudDns: DnsProvider<'google-cloud-dns', GoogleCloudDnsOptions> = {
  name: 'google-cloud-dns',
  title: 'Google Cloud DNS',
  support: {
    api: '`ResourceRecordSet` with `type: HTTPS`, `rrdatas: ["1 . alpn=h3,h2"]`, the name with its trailing dot',
    pulumi: '`@pulumi/gcp` `dns.RecordSet`',
    caveats: 'no outer quotes around an rrdata (400); gcloud `--rrdatas` needs the `^;^` delimiter because alpn lists contain commas',
  },
  fields: ['managedZone'],
  parse(raw, path) {
    if (raw.managedZone === undefined) {
      throw Http3ConfigError.invalid(`${path}.managedZone`, undefined, 'the Cloud DNS managed zone name', `${path}.managedZone is required`);
    }
    return { name: 'google-cloud-dns', managedZone: readString(raw.managedZone, `${path}.managedZone`) };
  },
  check() {
    // Cloud DNS takes the record's TTL as it is
  },
  payloads(options, records, name) {
    const lines = records.map((record) =>
      `gcloud dns record-sets create ${record.owner} --zone=${options.managedZone} --type=HTTPS --ttl=${record.ttlSeconds} `
        + `--rrdatas=${shellQuote(`^;^${record.rdataText}`)}`);
    return [
      {
        fileName: `${name}.google-cloud-dns.sh`,
        tool: ArtifactTool.DNS_API,
        header: 'apply with: sh <this file>; it runs gcloud dns record-sets create',
        content: `${lines.join('\n')}\n`,
      },
    ];
  },
  pulumiResources(options, records) {
    return recordResources(records, '@pulumi/gcp', ['dns', 'RecordSet'], (record) => ({
      managedZone: options.managedZone,
      name: record.owner,
      type: 'HTTPS',
      ttl: record.ttlSeconds,
      rrdatas: [record.rdataText],
    }));
  },
  notes() {
    return [];
  },
};
