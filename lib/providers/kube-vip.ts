/**
 * `kube-vip`: kube-vip announcing Service addresses (ARP or BGP), with the address pinned here or allocated by
 * kube-vip-cloud-provider.
 *
 * kube-vip only announces the address; kube-proxy forwards, so one mixed Service works (loadbalancers.md §10 (a)).
 * Two Services can share one address when both request it explicitly (`kube-vip.io/loadbalancerIPs`): the cloud
 * provider's automatic sharing compares port numbers only (`discoverSharedVIPs`), so it never puts 443/TCP and
 * 443/UDP on one address. With per-Service leader election (`svc_election`) each Service gets its own lease and the
 * two may be announced from different nodes (kube-vip #441) unless they name a common lease
 * (`kube-vip.io/leaseName`, kube-vip v1.0.1: commit 9599550 "Added common lease for multiple services").
 *
 * Sources: loadbalancers.md §0.2, §0.3, §10, §16-§18; kube-vip/website `content/docs/usage/kubernetes-services.md`
 * (loadBalancerClass, multiple Services on one IP, externalTrafficPolicy Local needs `svc_election`) and
 * `content/docs/usage/services.md` ("Common lease feature"); kube-vip/kube-vip `pkg/kubevip/annotations.go`,
 * `pkg/kubevip/constants.go` (`kube-vip.io/kube-vip-class`); kube-vip/kube-vip-cloud-provider `README.md`
 * (`KUBEVIP_ENABLE_LOADBALANCERCLASS`).
 */
import { isIP } from 'node:net';
import { Http3ConfigError } from '../core/errors';
import { isPlaceholder } from '../core/placeholders';
import { FindingStatus, NoteSeverity, finding, note, type ReportNote } from '../core/report';
import { compareVersions, readDns1123Subdomain, readIp, readQualifiedName, readVersion } from '../core/validate';
import { clusterSourceNatFinding, udpFlowNotes } from './_quic';
import { ExternalTrafficPolicy, InfrastructureProvider, MixedProtocol, ProviderBaseOptions, layoutOf, readMixedProtocol } from './provider';

/** the kube-vip release assumed when `version` is not given (the newest tag known here) */
export const KUBE_VIP_DEFAULT_VERSION = '1.2.3';
/** the first kube-vip release that reads `kube-vip.io/loadbalancerIPs` (older ones read `spec.loadBalancerIP`) */
export const KUBE_VIP_LOADBALANCER_IPS_SINCE = '0.5.12';
/** the first kube-vip release with the common lease `kube-vip.io/leaseName` */
export const KUBE_VIP_COMMON_LEASE_SINCE = '1.0.1';
/** the first kube-vip release with the fix for stalled common-lease leader election (kube-vip #1377, PR #1383) */
export const KUBE_VIP_COMMON_LEASE_FIXED = '1.0.4';
/** the class kube-vip serves by default (`lbClassName`) */
export const KUBE_VIP_CLASS = 'kube-vip.io/kube-vip-class';

/** options of the `kube-vip` provider; `S` is the type of the address (the Pulumi adapter widens it to an Input) */
export interface KubeVipProviderOptions<S = string> extends ProviderBaseOptions {
  readonly name: 'kube-vip';
  /**
   * The kube-vip version running in the cluster: releases before 0.5.12 read the address from `spec.loadBalancerIP`,
   * releases before 1.0.1 have no common lease for two Services.
   *
   * @default '1.2.3'
   */
  readonly version?: string;
  /**
   * One mixed Service, or two Services with the same pinned address and the same lease.
   *
   * @default 'single-service'
   */
  readonly mixedProtocol?: 'single-service' | 'two-services';
  /**
   * The address kube-vip announces (`kube-vip.io/loadbalancerIPs`). Required with `two-services`.
   *
   * @default - allocated by kube-vip-cloud-provider (or another controller writing `kube-vip.io/loadbalancerIPs`)
   */
  readonly address?: S;
  /**
   * The common lease of the two Services (`kube-vip.io/leaseName`, `two-services` only, kube-vip 1.0.1 or later).
   *
   * @default - the Service base name
   */
  readonly leaseName?: string;
  /**
   * `spec.loadBalancerClass`: kube-vip serves its own class (`kube-vip.io/kube-vip-class`, or the `lbClassName` it
   * runs with) and ignores Services of other classes; kube-vip-cloud-provider allocates addresses for a class only
   * with `KUBEVIP_ENABLE_LOADBALANCERCLASS=true`. The field is immutable after creation.
   *
   * @default - unset
   */
  readonly loadBalancerClass?: string;
}

type Parsed = Omit<KubeVipProviderOptions, 'annotations'> & {
  readonly version: string;
  readonly mixedProtocol: MixedProtocol;
};

/** the `kube-vip` provider: kube-vip announcing a pinned or cloud-provider-allocated address */
export const kubeVipProvider: InfrastructureProvider<'kube-vip', Parsed> = {
  name: 'kube-vip',
  title: 'kube-vip (ARP or BGP), with kube-vip-cloud-provider or a pinned address',
  support: {
    mixedService: 'yes: kube-vip announces the address (ARP or BGP) and kube-proxy forwards both protocols',
    workaround: 'one Service; or two Services with the same pinned address and the same lease',
    ipSharing: '`kube-vip.io/loadbalancerIPs` + `kube-vip.io/leaseName` (v1.0.1+); kube-vip-cloud-provider\'s automatic sharing compares '
      + 'ports only',
    caveats: 'no load-balancer health checks; externalTrafficPolicy Local needs per-Service leader election (`svc_election`)',
  },
  fields: ['version', 'mixedProtocol', 'address', 'leaseName', 'loadBalancerClass'],
  parse(raw, path) {
    const version = readVersion(raw.version, `${path}.version`, KUBE_VIP_DEFAULT_VERSION);
    const mixedProtocol = readMixedProtocol(raw, path);
    const address = raw.address === undefined ? undefined : readAddress(raw.address, `${path}.address`);
    if (mixedProtocol === 'two-services' && address === undefined) {
      throw Http3ConfigError.invalid(
        `${path}.address`,
        undefined,
        'an IP address when mixedProtocol is "two-services"',
        'kube-vip-cloud-provider\'s automatic sharing compares port numbers only, so it never puts 443/TCP and 443/UDP on one address: both Services '
          + 'must request the same address',
      );
    }
    if (raw.leaseName !== undefined) {
      if (mixedProtocol === 'single-service') {
        throw Http3ConfigError.conflict(
          `${path}.leaseName`,
          raw.leaseName,
          `${path}.mixedProtocol`,
          mixedProtocol,
          'a common lease only keeps the two Services of mixedProtocol "two-services" on one node',
          'remove leaseName, or set mixedProtocol to "two-services"',
        );
      }
      if (compareVersions(version, KUBE_VIP_COMMON_LEASE_SINCE) < 0) {
        throw Http3ConfigError.conflict(
          `${path}.leaseName`,
          raw.leaseName,
          `${path}.version`,
          version,
          'the kube-vip.io/leaseName annotation arrived in kube-vip v1.0.1',
          'remove leaseName, or upgrade kube-vip',
        );
      }
    }
    return {
      name: 'kube-vip',
      version,
      mixedProtocol,
      address,
      leaseName: raw.leaseName === undefined ? undefined : readDns1123Subdomain(raw.leaseName, `${path}.leaseName`),
      loadBalancerClass: raw.loadBalancerClass === undefined ? undefined : readQualifiedName(raw.loadBalancerClass, `${path}.loadBalancerClass`),
    };
  },
  shape(options, request, path) {
    const twoServices = options.mixedProtocol === 'two-services';
    const commonLease = compareVersions(options.version, KUBE_VIP_COMMON_LEASE_SINCE) >= 0;
    if (twoServices && !commonLease && request.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL) {
      throw Http3ConfigError.conflict(
        `${path}.version`,
        options.version,
        'externalTrafficPolicy',
        ExternalTrafficPolicy.LOCAL,
        'externalTrafficPolicy Local needs per-Service leader election (svc_election), which elects each Service on its own lease, and the common '
          + 'lease that keeps two Services on one node (kube-vip.io/leaseName) arrived in v1.0.1: the two Services could be announced from different '
          + 'nodes (kube-vip #441)',
        'upgrade kube-vip to v1.0.1 or later, use mixedProtocol "single-service", or use externalTrafficPolicy "Cluster" with kube-vip running '
          + 'without svc_election',
      );
    }
    const annotations: Record<string, string> = {};
    const legacyAddress = compareVersions(options.version, KUBE_VIP_LOADBALANCER_IPS_SINCE) < 0;
    if (options.address !== undefined && !legacyAddress) annotations['kube-vip.io/loadbalancerIPs'] = options.address;
    if (twoServices && commonLease) annotations['kube-vip.io/leaseName'] = options.leaseName ?? request.name;
    return {
      layout: layoutOf(options.mixedProtocol),
      annotations,
      loadBalancerClass: options.loadBalancerClass,
      ...(options.address !== undefined && legacyAddress ? { loadBalancerIP: options.address } : {}),
      externalTrafficPolicy: request.externalTrafficPolicy,
    };
  },
  report(options, shape) {
    const local = shape.externalTrafficPolicy === ExternalTrafficPolicy.LOCAL;
    const notes: ReportNote[] = [];
    if (local) {
      notes.push(note(
        NoteSeverity.WARNING,
        'kube-vip-local',
        'kube-vip serves externalTrafficPolicy Local only with per-Service leader election (svc_election: "true"), which lets only nodes with a '
          + 'ready gateway pod take the address; without it the address can sit on a node that drops the traffic',
      ));
    }
    if (options.address === undefined) {
      notes.push(note(
        NoteSeverity.INFO,
        'kube-vip-address',
        'kube-vip announces the Service only once kube-vip.io/loadbalancerIPs (or spec.loadBalancerIP) is set: run kube-vip-cloud-provider (or '
          + 'another controller) to allocate it, or set provider.address'
          + (options.loadBalancerClass !== undefined
            ? '; kube-vip-cloud-provider allocates for a Service with a loadBalancerClass only when it runs with '
              + 'KUBEVIP_ENABLE_LOADBALANCERCLASS=true'
            : ''),
      ));
    } else if (compareVersions(options.version, KUBE_VIP_LOADBALANCER_IPS_SINCE) < 0) {
      notes.push(note(
        NoteSeverity.INFO,
        'kube-vip-load-balancer-ip',
        'kube-vip before v0.5.12 reads the address from spec.loadBalancerIP (deprecated since Kubernetes 1.24), not from kube-vip.io/loadbalancerIPs',
      ));
    }
    if (options.loadBalancerClass !== undefined) {
      notes.push(note(
        NoteSeverity.INFO,
        'kube-vip-class',
        `kube-vip acts on a Service with a loadBalancerClass only when the class is the lbClassName it runs with (${KUBE_VIP_CLASS} by default)`,
      ));
    }
    if (options.mixedProtocol === 'two-services') {
      if (compareVersions(options.version, KUBE_VIP_COMMON_LEASE_SINCE) < 0) {
        notes.push(note(
          NoteSeverity.WARNING,
          'kube-vip-no-common-lease',
          'kube-vip before v1.0.1 has no common lease: run it without per-Service leader election (svc_election), so that one leader holds every '
            + 'address, or the two Services can be announced from different nodes (kube-vip #441)',
        ));
      } else {
        notes.push(note(
          NoteSeverity.INFO,
          'kube-vip-shared-ip',
          'the two Services share one address only while they keep the same kube-vip.io/loadbalancerIPs and kube-vip.io/leaseName: with per-Service '
            + 'leader election the common lease keeps them on one node',
        ));
        if (compareVersions(options.version, KUBE_VIP_COMMON_LEASE_FIXED) < 0) {
          notes.push(note(
            NoteSeverity.WARNING,
            'kube-vip-common-lease-bug',
            'kube-vip v1.0.1 to v1.0.3 can stall the leader election of a common lease (kube-vip #1377, fixed in v1.0.4 by #1383): upgrade kube-vip',
          ));
        }
      }
    }
    notes.push(...udpFlowNotes(
      NoteSeverity.INFO,
      'no load balancer sits in front, but connection tracking and NAT on the path (kube-proxy\'s included) forget idle UDP flows',
    ));
    return {
      clientIp: local
        ? finding(
          FindingStatus.YES,
          'kube-vip only announces the address (ARP or BGP) and externalTrafficPolicy Local keeps kube-proxy from source-NATing',
        )
        : clusterSourceNatFinding(),
      connectionMigration: finding(
        FindingStatus.NO,
        'in ARP mode one node holds the address, in BGP mode routers spread flows over the nodes, and kube-proxy picks a gateway pod per UDP flow: a '
          + 'client whose address changes can reach another pod and must reconnect',
      ),
      udpHealthCheck: finding(
        FindingStatus.NOT_APPLICABLE,
        'kube-vip runs no load-balancer health checks: the address moves when its leader loses the lease'
          + (local ? ', and with per-Service leader election only nodes with a ready gateway pod take part' : ''),
      ),
      notes,
    };
  },
};

/** read the address: an IP, but not the unspecified address (kube-vip reads 0.0.0.0 and :: as "ask DHCP") */
function readAddress(value: unknown, path: string): string {
  const address = readIp(value, path);
  if (!isPlaceholder(address) && (address === '0.0.0.0' || (isIP(address) === 6 && /^[0:]+$/.test(address)))) {
    throw Http3ConfigError.invalid(
      path,
      value,
      'a specific IP address',
      'kube-vip reads 0.0.0.0 and :: as "obtain an address by DHCP"; for DHCP leave provider.address unset and set kube-vip.io/loadbalancerIPs '
        + 'through provider.annotations',
    );
  }
  return address;
}
