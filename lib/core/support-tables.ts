/**
 * The README support tables, generated from the registries so they cannot drift from the code.
 */
import { REFUSED_DNS_PROVIDERS } from '../dns-providers/refusals';
import { DNS_PROVIDERS } from '../dns-providers/registry';
import { REFUSED_IMPLEMENTATIONS } from '../gateways/refusals';
import { GATEWAYS } from '../gateways/registry';
import { PROVIDERS } from '../providers/registry';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** the gateway table: implementation | how HTTP/3 is enabled | auto UDP port | auto Alt-Svc | caveats */
export function gatewaySupportTable(): string {
  return table(
    ['implementation', 'how HTTP/3 is enabled', 'auto UDP port', 'auto Alt-Svc', 'caveats'],
    [
      ...GATEWAYS.map((g) => [`${g.title}: \`${g.implementation}\``, g.support.howEnabled, g.support.autoUdpPort, g.support.autoAltSvc, g.support.caveats]),
      ...REFUSED_IMPLEMENTATIONS.map((r) => [
        `${r.title}: \`${r.implementation}\``,
        `**refused**: ${r.reason} (${r.source})`,
        '–',
        '–',
        `use ${r.alternatives.map((a) => `\`${a}\``).join(', ')}${r.advice ? `; ${r.advice}` : ''}`,
      ]),
    ],
  );
}

/** the provider table: provider | one mixed Service? | workaround | IP sharing | caveats */
export function providerSupportTable(): string {
  return table(
    ['provider', 'one mixed Service?', 'workaround', 'IP sharing', 'caveats'],
    PROVIDERS.map((p) => [`${p.title}: \`${p.name}\``, p.support.mixedService, p.support.workaround, p.support.ipSharing, p.support.caveats]),
  );
}

/** the DNS table: provider | HTTPS records through the API | Pulumi resource | caveats */
export function dnsProviderSupportTable(): string {
  return table(
    ['DNS provider', 'HTTPS records through the API', 'Pulumi resource', 'caveats'],
    [
      ...DNS_PROVIDERS.map((p) => [`${p.title}: \`${p.name}\``, p.support.api, p.support.pulumi, p.support.caveats]),
      ...REFUSED_DNS_PROVIDERS.map((r) => [`${r.title}: \`${r.name}\``, `**refused**: ${r.reason} (${r.source})`, '–', 'publish the zone fragment elsewhere']),
    ],
  );
}
