/**
 * The provider registry: every infrastructure provider kube-http3 knows, by `provider.name`.
 *
 * To add a provider: write `lib/providers/<name>.ts` exporting an `InfrastructureProvider`, add it to
 * `PROVIDERS` and its options type to `ProviderOptions` below.
 */
import { Http3ConfigError, show } from '../core/errors';
import type { StringMap } from '../core/types';
import { readAnnotations, readObject, readShorthand } from '../core/validate';
import { aksProvider, AksProviderOptions } from './aks';
import { awsProvider, AwsProviderOptions } from './aws';
import { awsLbcProvider, AwsLbcProviderOptions } from './aws-lbc';
import { ciliumProvider, CiliumProviderOptions } from './cilium';
import { digitaloceanProvider, DigitaloceanProviderOptions } from './digitalocean';
import { genericProvider, GenericProviderOptions } from './generic';
import { gkeProvider, GkeProviderOptions } from './gke';
import { hetznerProvider, HetznerProviderOptions } from './hetzner';
import { k3sProvider, K3sProviderOptions } from './k3s';
import { kindProvider, KindProviderOptions } from './kind';
import { kubeVipProvider, KubeVipProviderOptions } from './kube-vip';
import { linodeProvider, LinodeProviderOptions } from './linode';
import { metallbProvider, MetallbProviderOptions } from './metallb';
import { ociProvider, OciProviderOptions } from './oci';
import { openstackProvider, OpenstackProviderOptions } from './openstack';
import type { InfrastructureProvider, ServiceRequest, ServiceShape } from './provider';

/** every provider, in README order */
export const PROVIDERS: ReadonlyArray<InfrastructureProvider<string, any>> = [
  genericProvider,
  awsLbcProvider,
  awsProvider,
  gkeProvider,
  aksProvider,
  digitaloceanProvider,
  ociProvider,
  linodeProvider,
  hetznerProvider,
  metallbProvider,
  ciliumProvider,
  kubeVipProvider,
  k3sProvider,
  kindProvider,
  openstackProvider,
];

/**
 * The `provider` prop: the options of one provider, selected by `name`. `S` is the type of leaf strings
 * (addresses); the Pulumi adapter widens it to `pulumi.Input<string>`.
 */
export type ProviderOptions<S = string> =
  | GenericProviderOptions
  | AwsLbcProviderOptions
  | AwsProviderOptions
  | GkeProviderOptions<S>
  | AksProviderOptions<S>
  | DigitaloceanProviderOptions
  | OciProviderOptions<S>
  | LinodeProviderOptions
  | HetznerProviderOptions
  | MetallbProviderOptions<S>
  | CiliumProviderOptions<S>
  | KubeVipProviderOptions<S>
  | K3sProviderOptions
  | KindProviderOptions
  | OpenstackProviderOptions<S>;

/** the provider names */
export type ProviderName = ProviderOptions['name'];

/** names of providers whose options are all optional, so the bare name is accepted as shorthand */
export type ProviderShorthand = 'generic' | 'kind' | 'metallb' | 'digitalocean' | 'oci' | 'gke' | 'aks' | 'cilium' | 'kube-vip' | 'k3s' | 'openstack';

/** a provider with its parsed options, ready to shape Services */
export interface ResolvedProvider {
  readonly provider: InfrastructureProvider<string, any>;
  readonly options: { readonly name: string };
  /** the user's extra annotations (checked against the provider's own keys when shaping) */
  readonly annotations: StringMap;
}

/** look up and parse the `provider` prop (a name or an options object) */
export function resolveProvider(value: unknown, path: string): ResolvedProvider {
  const raw = readShorthand(value ?? 'generic', path, 'name');
  const provider = PROVIDERS.find((p) => p.name === raw.name);
  if (!provider) {
    throw Http3ConfigError.invalid(
      `${path}.name`,
      raw.name,
      `one of ${PROVIDERS.map((p) => JSON.stringify(p.name)).join(', ')}`,
      'use "generic" for a load balancer that accepts one Service with TCP and UDP on the same port',
    );
  }
  const fields = readObject(raw, path, ['name', 'annotations', ...provider.fields]);
  const annotations = readAnnotations(fields.annotations, `${path}.annotations`);
  const { name: _name, annotations: _annotations, ...own } = fields;
  return { provider, options: provider.parse(own, path), annotations };
}

/** shape the Services with the provider, then add the user's annotations (never over the provider's own keys) */
export function shapeServices(resolved: ResolvedProvider, request: ServiceRequest, path: string): ServiceShape {
  const shape = resolved.provider.shape(resolved.options, request, path);
  const own = { ...shape.annotations, ...shape.tcpAnnotations, ...shape.udpAnnotations };
  for (const [key, value] of Object.entries(resolved.annotations)) {
    const forbidden = resolved.provider.forbiddenAnnotations?.find((f) => f.key === key);
    if (forbidden) {
      throw Http3ConfigError.refused(`${path}.annotations[${JSON.stringify(key)}]`, value, forbidden.reason, 'remove it');
    }
    if (key in own) {
      throw Http3ConfigError.refused(
        `${path}.annotations[${JSON.stringify(key)}]`,
        value,
        `would override what the ${resolved.provider.name} provider sets itself (${show(own[key])})`,
        'remove it, or use the provider option that controls it',
      );
    }
  }
  return { ...shape, annotations: { ...shape.annotations, ...resolved.annotations } };
}
