/**
 * `cloudflare`: Cloudflare DNS (discovery.md C.1). HTTPS records are `{ type: "HTTPS", data: { priority,
 * target, value } }` through the API and `@pulumi/cloudflare` v6 `DnsRecord`. On proxied (orange-cloud)
 * names Cloudflare synthesizes its own HTTPS records and does not serve manual ones, and its edge, not the
 * cluster, terminates QUIC: that combination is refused.
 */
import { Http3ConfigError } from '../core/errors';
import type { HttpsRecord } from '../core/https-dns-record';
import { NoteSeverity, note } from '../core/report';
import { ArtifactTool } from '../core/types';
import { readBoolean, readString } from '../core/validate';
import { recordResources, relativeOwner, svcParamsText, type DnsProvider } from './dns-provider';

/** options of the `cloudflare` DNS provider */
export interface CloudflareDnsOptions<S = string> {
  readonly name: 'cloudflare';
  /** the zone ID (Pulumi: may be an Input, e.g. a `cloudflare.Zone`'s id) */
  readonly zoneId: S;
  /**
   * Whether the hostnames are proxied (orange cloud) at Cloudflare. Refused: Cloudflare then serves its own HTTPS
   * records, not these, and its edge terminates QUIC instead of your gateway.
   *
   * @default false
   */
  readonly proxied?: boolean;
}

const TARGET_TTL_AUTO = 1;

/** the `data` of a Cloudflare HTTPS record: the RDATA's priority and target, and its SvcParams as `value` */
function httpsData(record: HttpsRecord): { priority: number; target: string; value: string } {
  return { priority: record.rdata.priority, target: record.rdata.target, value: svcParamsText(record) };
}

export const cloudflareDns: DnsProvider<'cloudflare', CloudflareDnsOptions> = {
  name: 'cloudflare',
  title: 'Cloudflare',
  support: {
    api: '`POST /zones/{zone_id}/dns_records` with `type: HTTPS` and `data: {priority, target, value}`',
    pulumi: '`@pulumi/cloudflare` v6 `DnsRecord`',
    caveats: 'manual HTTPS records are not served on proxied (orange-cloud) names; TTL 1 (auto) or 60-86400',
  },
  fields: ['zoneId', 'proxied'],
  parse(raw, path) {
    if (readBoolean(raw.proxied, `${path}.proxied`, false)) {
      throw Http3ConfigError.refused(
        `${path}.proxied`,
        true,
        'cannot carry these records: on proxied names Cloudflare synthesizes its own HTTPS records and does not serve manual ones, and its edge, not your gateway, terminates QUIC (Cloudflare docs, dns-record-types)',
        'make the hostnames DNS-only (grey cloud) to publish these records, or let Cloudflare advertise HTTP/3 for proxied names and remove dns',
      );
    }
    if (raw.zoneId === undefined) {
      throw Http3ConfigError.invalid(`${path}.zoneId`, undefined, 'the Cloudflare zone ID', `${path}.zoneId is required`);
    }
    return { name: 'cloudflare', zoneId: readString(raw.zoneId, `${path}.zoneId`), proxied: false };
  },
  check(_options, records, path) {
    for (const record of records) {
      if (record.ttlSeconds !== TARGET_TTL_AUTO && (record.ttlSeconds < 60 || record.ttlSeconds > 86400)) {
        throw Http3ConfigError.invalid(
          path.replace(/\.provider$/, '.ttlSeconds'),
          record.ttlSeconds,
          'between 60 and 86400, or 1 (automatic) on Cloudflare',
          'Enterprise zones allow 30, which kube-http3 does not assume',
        );
      }
    }
  },
  payloads(options, records, name) {
    const body = {
      posts: records.map((record) => ({
        type: 'HTTPS',
        name: relativeOwner(record),
        ttl: record.ttlSeconds,
        data: httpsData(record),
        comment: `kube-http3 ${name}`,
      })),
    };
    return [
      {
        fileName: `${name}.cloudflare.json`,
        tool: ArtifactTool.DNS_API,
        header: `apply with: POST https://api.cloudflare.com/client/v4/zones/${options.zoneId}/dns_records/batch (this body)`,
        content: `${JSON.stringify(body, null, 2)}\n`,
      },
    ];
  },
  pulumiResources(options, records) {
    return recordResources(records, '@pulumi/cloudflare', ['DnsRecord'], (record) => ({
      zoneId: options.zoneId,
      name: relativeOwner(record),
      type: 'HTTPS',
      ttl: record.ttlSeconds,
      data: httpsData(record),
    }));
  },
  notes() {
    return [note(
      NoteSeverity.WARNING,
      'cloudflare-dns-only',
      'Cloudflare serves these HTTPS records only while every record of the name is DNS-only (grey cloud); on proxied names it synthesizes its own',
    )];
  },
};
