/**
 * `metallb`: MetalLB (L2 or BGP). MetalLB only allocates and announces the address; kube-proxy forwards, so
 * one mixed Service works (validated upstream since v0.13.6). Two Services can share one address with the
 * same sharing key and the same pinned IP.
 */
import { Http3ConfigError } from '../core/errors';
import { FindingStatus, NoteSeverity, finding, note } from '../core/report';
import { compareVersions, readDns1123Label, readIp, readString, readVersion } from '../core/validate';
import { clusterSourceNatFinding } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

/** the MetalLB release kube-http3 assumes when `version` is not given (the newest known to the reference) */
export const METALLB_DEFAULT_VERSION = '0.16.1';
/** the first MetalLB release that reads `metallb.io/*` annotation keys (older ones read `metallb.universe.tf/*`) */
export const METALLB_IO_KEYS_SINCE = '0.14.9';

/** options of the `metallb` provider */
export interface MetallbProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'metallb';
  /**
   * The MetalLB version running in the cluster. It decides the annotation prefix: `metallb.io/` from 0.14.9,
   * `metallb.universe.tf/` up to 0.14.8 (older releases ignore `metallb.io/` keys).
   *
   * @default '0.16.1'
   */
  readonly version?: string;
  /**
   * One mixed Service, or two Services sharing one address (`allow-shared-ip` + `loadBalancerIPs`).
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * The address to request (`loadBalancerIPs` annotation). Required with `two-services`: without a pinned
   * address MetalLB may place the two Services on different IPs.
   *
   * @default - any address from the pool
   */
  readonly address?: S;
  /**
   * The `allow-shared-ip` sharing key of the two Services (`two-services` only).
   *
   * @default - the Service base name
   */
  readonly sharingKey?: string;
  /**
   * The IPAddressPool to allocate from (`address-pool` annotation).
   *
   * @default - any pool that allows automatic assignment
   */
  readonly addressPool?: string;
  /**
   * `spec.loadBalancerClass`: set it only when MetalLB runs with `--lb-class=<class>`.
   *
   * @default - unset
   */
  readonly loadBalancerClass?: string;
}

type Parsed = MetallbProviderOptions & { readonly version: string; readonly mixedProtocol: MixedProtocol };

export const metallbProvider: InfrastructureProvider<'metallb', Parsed> = {
  name: 'metallb',
  title: 'MetalLB',
  support: {
    mixedService: 'yes (validated upstream since v0.13.6)',
    workaround: 'one Service; or two Services with the same sharing key and the same pinned address',
    ipSharing: '`metallb.io/allow-shared-ip` + `metallb.io/loadBalancerIPs` (`metallb.universe.tf/*` up to v0.14.8)',
    caveats: 'no load-balancer health checks; BGP/ECMP rehashing breaks flows when a node goes away',
  },
  fields: ['version', 'mixedProtocol', 'address', 'sharingKey', 'addressPool', 'loadBalancerClass'],
  parse(raw, path) {
    const mixedProtocol = readMixedProtocol(raw, path);
    const address = raw.address === undefined ? undefined : readIp(raw.address, `${path}.address`);
    if (mixedProtocol === 'two-services' && address === undefined) {
      throw Http3ConfigError.invalid(
        `${path}.address`,
        undefined,
        'an IP address when mixedProtocol is "two-services"',
        'MetalLB may place two Services on different IPs unless both request the same address',
      );
    }
    if (mixedProtocol === 'single-service' && raw.sharingKey !== undefined) {
      throw Http3ConfigError.conflict(
        `${path}.sharingKey`,
        raw.sharingKey,
        `${path}.mixedProtocol`,
        mixedProtocol,
        'a sharing key only joins two Services on one address',
        'remove sharingKey, or set mixedProtocol to "two-services"',
      );
    }
    return {
      name: 'metallb',
      version: readVersion(raw.version, `${path}.version`, METALLB_DEFAULT_VERSION),
      mixedProtocol,
      address,
      sharingKey: raw.sharingKey === undefined ? undefined : readDns1123Label(raw.sharingKey, `${path}.sharingKey`),
      addressPool: raw.addressPool === undefined ? undefined : readDns1123Label(raw.addressPool, `${path}.addressPool`),
      loadBalancerClass: raw.loadBalancerClass === undefined ? undefined : readString(raw.loadBalancerClass, `${path}.loadBalancerClass`),
    };
  },
  shape(options, request) {
    const prefix = compareVersions(options.version, METALLB_IO_KEYS_SINCE) >= 0 ? 'metallb.io' : 'metallb.universe.tf';
    const annotations: Record<string, string> = {};
    if (options.address !== undefined) annotations[`${prefix}/loadBalancerIPs`] = options.address;
    if (options.addressPool !== undefined) annotations[`${prefix}/address-pool`] = options.addressPool;
    const twoServices = options.mixedProtocol === 'two-services';
    if (twoServices) annotations[`${prefix}/allow-shared-ip`] = options.sharingKey ?? request.name;
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      loadBalancerClass: options.loadBalancerClass,
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const notes = [];
    if (options.mixedProtocol === 'two-services') {
      notes.push(note(
        NoteSeverity.INFO,
        'metallb-shared-ip',
        'the two Services share one address only while they keep the same sharing key, the same address and, with externalTrafficPolicy Local, '
          + 'identical selectors; in layer-2 mode the L2Advertisement that announces the pool must not use serviceSelectors, or MetalLB does not '
          + 'announce Services that share an address',
      ));
    }
    return {
      clientIp: local
        ? finding(FindingStatus.YES, 'MetalLB only announces the address and externalTrafficPolicy Local keeps kube-proxy from source-NATing')
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'routers (BGP ECMP) and kube-proxy hash the UDP 5-tuple; a client whose address changes can reach another node or pod and must reconnect, and in BGP mode a node leaving breaks every flow it carried',
      ),
      udpHealthCheck: finding(
        FindingStatus.NOT_APPLICABLE,
        'MetalLB runs no load-balancer health checks: in L2 mode one node attracts the address, in BGP mode nodes announce it (with Local: only nodes with ready endpoints)',
      ),
      notes,
    };
  },
};
