/**
 * DNS services that cannot hold HTTPS records (discovery.md C.4-C.6), as data: selecting one is refused with the
 * reason and the alternatives.
 */
import type { RefusedDnsProvider } from './dns-provider';

export const REFUSED_DNS_PROVIDERS: readonly RefusedDnsProvider[] = [
  {
    name: 'azure-dns',
    aliases: ['azure'],
    title: 'Azure DNS',
    reason: 'has no HTTPS or SVCB record type (its types: A, AAAA, CAA, CNAME, MX, NS, PTR, SOA, SRV, TXT, TLSA, DS, NAPTR) and no generic RFC 3597 records',
    source: '@azure/arm-dns RecordType; DNSControl azuredns capabilities',
  },
  {
    name: 'digitalocean-dns',
    aliases: ['digitalocean'],
    title: 'DigitalOcean DNS',
    reason: 'does not support HTTPS or SVCB records ("Digital Ocean documents that this is not supported")',
    source: 'DNSControl providers/digitalocean; @pulumi/digitalocean DnsRecord types',
  },
  {
    name: 'external-dns',
    aliases: [],
    title: 'external-dns',
    reason: 'knows no HTTPS or SVCB record type: its providers filter what they read back, so an HTTPS DNSEndpoint would be recreated forever',
    source: 'kubernetes-sigs/external-dns endpoint.KnownRecordTypes; issues #1848, #4878',
  },
];

/** the refused DNS provider a name (or alias) selects */
export function findRefusedDns(name: unknown): RefusedDnsProvider | undefined {
  return REFUSED_DNS_PROVIDERS.find((r) => r.name === name || r.aliases.includes(name as string));
}
