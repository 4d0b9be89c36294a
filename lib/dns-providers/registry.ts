/**
 * The DNS provider registry: where HTTPS records can be published, by `dns.provider.name`.
 *
 * To add one: write `lib/dns-providers/<name>.ts` exporting a `DnsProvider`, add it to `DNS_PROVIDERS` and its
 * options to `DnsProviderOptions`.
 */
import { Http3ConfigError } from '../core/errors';
import { readObject, readShorthand } from '../core/validate';
import { cloudflareDns, type CloudflareDnsOptions } from './cloudflare';
import type { DnsProvider } from './dns-provider';
import { googleCloudDns, type GoogleCloudDnsOptions } from './google-cloud-dns';
import { findRefusedDns } from './refusals';
import { route53Dns, type Route53DnsOptions } from './route53';

/** every DNS provider that can hold HTTPS records */
export const DNS_PROVIDERS: ReadonlyArray<DnsProvider<string, any>> = [cloudflareDns, route53Dns, googleCloudDns];

/** the `dns.provider` prop (`S`: leaf strings, widened to `pulumi.Input<string>` by the Pulumi adapter) */
export type DnsProviderOptions<S = string> = CloudflareDnsOptions<S> | Route53DnsOptions<S> | GoogleCloudDnsOptions<S>;

/** a DNS provider with its parsed options */
export interface ResolvedDnsProvider {
  readonly provider: DnsProvider<string, any>;
  readonly options: { readonly name: string };
}

/** look up and parse the `dns.provider` prop */
export function resolveDnsProvider(value: unknown, path: string): ResolvedDnsProvider {
  const raw = readShorthand(value, path, 'name');
  const refused = findRefusedDns(raw.name);
  const alternatives = `publish the zone fragment artifact yourself, or delegate the names to ${DNS_PROVIDERS.map((p) => JSON.stringify(p.name)).join(', ')}`;
  if (refused) {
    throw Http3ConfigError.refused(`${path}.name`, raw.name, `(${refused.title}) cannot hold HTTPS records: ${refused.reason} (${refused.source})`, alternatives);
  }
  const provider = DNS_PROVIDERS.find((p) => p.name === raw.name);
  if (!provider) {
    throw Http3ConfigError.invalid(`${path}.name`, raw.name, `one of ${DNS_PROVIDERS.map((p) => JSON.stringify(p.name)).join(', ')}`, alternatives);
  }
  const { name: _name, ...own } = readObject(raw, path, ['name', ...provider.fields]);
  return { provider, options: provider.parse(own, path) };
}
