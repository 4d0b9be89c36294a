/**
 * @internal providers that exist only to refuse: their infrastructure cannot carry HTTP/3 at all, so every use
 * fails with the reason and the way out, while the README table still lists them.
 */
import { Http3ConfigError } from '../core/errors';
import type { InfrastructureProvider, ProviderSupport } from './provider';

/** what a refused provider says: its README row, why it cannot carry HTTP/3 and what to use instead */
export interface RefusedProviderSpec<N extends string> {
  /** the `provider.name` users write */
  readonly name: N;
  readonly title: string;
  readonly support: ProviderSupport;
  /** why it cannot carry HTTP/3 (the refusal's reason) */
  readonly reason: string;
  /** what to use instead (the refusal's way out) */
  readonly alternative: string;
}

/**
 * A provider that refuses every use: parsing and shaping fail at `<path>.name`, and a report (never reached
 * through the core) at `provider.name`. It takes no option fields.
 */
export function refusedProvider<O extends { readonly name: string }>(spec: RefusedProviderSpec<O['name']>): InfrastructureProvider<O['name'], O> {
  const refusal = (path: string) => Http3ConfigError.refused(`${path}.name`, spec.name, spec.reason, spec.alternative);
  return {
    name: spec.name,
    title: spec.title,
    support: spec.support,
    fields: [],
    parse(_raw, path) {
      throw refusal(path);
    },
    shape(_options, _request, path) {
      throw refusal(path);
    },
    report() {
      throw refusal('provider');
    },
  };
}
