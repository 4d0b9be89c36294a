/**
 * `route53`: AWS Route 53 (discovery.md C.2). HTTPS records since 2024-10-29: a record set of type `HTTPS`
 * whose values are the RDATA text, through the API (a change batch) and `@pulumi/aws` `route53.Record` (the
 * type is passed as the string "HTTPS": the generated RecordType enum lacks it).
 */
import { Http3ConfigError } from '../core/errors';
import { ArtifactTool } from '../core/types';
import { readString } from '../core/validate';
import { recordResources, relativeOwner, type DnsProvider } from './dns-provider';

/** options of the `route53` DNS provider */
export interface Route53DnsOptions<S = string> {
  readonly name: 'route53';
  /** the hosted zone ID (Pulumi: may be an Input, e.g. an `aws.route53.Zone`'s zoneId) */
  readonly zoneId: S;
}

export const route53Dns: DnsProvider<'route53', Route53DnsOptions> = {
  name: 'route53',
  title: 'AWS Route 53',
  support: {
    api: '`ChangeResourceRecordSets` with `Type: HTTPS` and `ResourceRecords: [{Value: "1 . alpn=h3,h2"}]`',
    pulumi: '`@pulumi/aws` `route53.Record` with `type: "HTTPS"` (a string: the enum lacks it)',
    caveats: 'HTTPS records since 2024-10-29',
  },
  fields: ['zoneId'],
  parse(raw, path) {
    if (raw.zoneId === undefined) {
      throw Http3ConfigError.invalid(`${path}.zoneId`, undefined, 'the Route 53 hosted zone ID', `${path}.zoneId is required`);
    }
    return { name: 'route53', zoneId: readString(raw.zoneId, `${path}.zoneId`) };
  },
  check() {
    // Route 53 takes any TTL from 0 to 2147483647, which the record already is
  },
  payloads(options, records, name) {
    const batch = {
      Comment: `kube-http3 ${name}: HTTPS records`,
      Changes: records.map((record) => ({
        Action: 'UPSERT',
        ResourceRecordSet: { Name: record.owner, Type: 'HTTPS', TTL: record.ttlSeconds, ResourceRecords: [{ Value: record.rdataText }] },
      })),
    };
    return [
      {
        fileName: `${name}.route53.json`,
        tool: ArtifactTool.DNS_API,
        header: `apply with: aws route53 change-resource-record-sets --hosted-zone-id ${options.zoneId} --change-batch file://<this file>`,
        content: `${JSON.stringify(batch, null, 2)}\n`,
      },
    ];
  },
  pulumiResources(options, records) {
    return recordResources(records, '@pulumi/aws', ['route53', 'Record'], (record) => ({
      zoneId: options.zoneId,
      name: relativeOwner(record),
      type: 'HTTPS',
      ttl: record.ttlSeconds,
      records: [record.rdataText],
    }));
  },
  notes() {
    return [];
  },
};
