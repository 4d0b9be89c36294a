/**
 * MixedProtocolLoadBalancer (Pulumi) under mocks: the Service (or Service pair) carrying one port over TCP and
 * UDP on each provider, its exact inputs, names, parentage and outputs, an address given as an Input, its
 * deferred validation, and the refusal of structural props given as Outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from 'kube-http3';
import { MixedProtocolLoadBalancer, type MixedProtocolLoadBalancerArgs } from 'kube-http3/pulumi';
import {
  byTypeAndName,
  childUrn,
  customInputs,
  deploymentErrors,
  findRegistered,
  freshRegistrations,
  promiseOf,
  registered,
  settle,
  setupMocks,
  thrownBy,
  withoutSerializationContext, plainValueMessage } from '../helpers/pulumi';
import { ManifestCollector } from '../helpers/schemas';

const TYPE = 'kube-http3:index:MixedProtocolLoadBalancer';
const SERVICE = 'kubernetes:core/v1:Service';

const collector = new ManifestCollector();

beforeAll(setupMocks);
beforeEach(freshRegistrations);

async function deploy(name: string, args: MixedProtocolLoadBalancerArgs): Promise<MixedProtocolLoadBalancer> {
  const lb = new MixedProtocolLoadBalancer(name, args);
  await settle(lb, lb.services);
  collector.add(customInputs());
  return lb;
}

function registrations(): Array<[string, string, boolean]> {
  return registered.map((r): [string, string, boolean] => [r.type, r.name, r.custom ?? false]).sort(byTypeAndName);
}

function labels(instance: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'kube-http3' };
}

const tcp = (port: number, targetPort: number): object => ({ name: 'https', port, targetPort, protocol: 'TCP' });
const udp = (port: number, targetPort: number): object => ({ name: 'http3', port, targetPort, protocol: 'UDP' });

describe('one mixed Service', () => {
  test('generic: one LoadBalancer Service `${name}-service` with 443/TCP and 443/UDP to the same target port', async () => {
    const lb = await deploy('lb', { namespace: 'web', selector: { app: 'edge' }, targetPort: 8443 });
    expect(registrations()).toEqual([
      [TYPE, 'lb', false],
      [SERVICE, 'lb-service', true],
    ]);
    expect(findRegistered(SERVICE, 'lb-service').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'web', labels: labels('lb') },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { app: 'edge' },
        ports: [tcp(443, 8443), udp(443, 8443)],
      },
    });
    expect(await promiseOf(lb.serviceNames)).toEqual(['lb']);
    expect(await promiseOf(lb.urn)).toBe(`urn:pulumi:stack::project::${TYPE}::lb`);
    expect(await Promise.all(lb.services.map((s) => promiseOf(s.urn)))).toEqual([childUrn(TYPE, SERVICE, 'lb-service')]);
  });

  test('report: client IP only partly preserved, no connection migration, apply server-side', async () => {
    const { report } = await deploy('lb', { selector: { app: 'edge' } });
    expect(report.clientIp).toEqual({
      status: 'partial',
      detail: 'externalTrafficPolicy Local keeps the client IP through kube-proxy; '
        + 'whether the load balancer itself passes it through depends on the implementation',
    });
    expect(report.connectionMigration.status).toBe('no');
    expect(report.notes).toEqual([
      {
        severity: 'warning',
        topic: 'apply-server-side',
        message: 'apply the Service with kubectl apply --server-side (or kubectl replace): client-side kubectl apply, Helm upgrades and kustomize '
          + 'strategic-merge patches merge Service ports by number and silently drop one of 443/TCP and 443/UDP',
      },
    ]);
  });

  test('args.name names the Service; the child keeps the resource name', async () => {
    const lb = await deploy('lb', { name: 'edge', selector: { app: 'edge' }, port: 8443, provider: 'kind', externalTrafficPolicy: 'Cluster' });
    expect(registrations()).toEqual([
      [TYPE, 'lb', false],
      [SERVICE, 'lb-service', true],
    ]);
    expect(findRegistered(SERVICE, 'lb-service').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'edge', namespace: 'default', labels: labels('edge') },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        selector: { app: 'edge' },
        ports: [tcp(8443, 8443), udp(8443, 8443)],
      },
    });
    expect(await promiseOf(lb.serviceNames)).toEqual(['edge']);
    expect(lb.report.clientIp.status).toBe('no');
  });

  test('generic with a loadBalancerClass and extra annotations', async () => {
    await deploy('lb', {
      selector: { app: 'edge' },
      labels: { team: 'web' },
      provider: { name: 'generic', loadBalancerClass: 'example.com/l4', annotations: { 'example.com/owner': 'web' } },
    });
    expect(findRegistered(SERVICE, 'lb-service').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: 'default', labels: { ...labels('lb'), team: 'web' }, annotations: { 'example.com/owner': 'web' } },
      spec: {
        type: 'LoadBalancer',
        loadBalancerClass: 'example.com/l4',
        externalTrafficPolicy: 'Local',
        selector: { app: 'edge' },
        ports: [tcp(443, 443), udp(443, 443)],
      },
    });
  });

  test('aws-lbc: the NLB annotations with the TCP_UDP listener', async () => {
    const lb = await deploy('lb', { selector: { app: 'edge' }, provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' } });
    expect(findRegistered(SERVICE, 'lb-service').inputs.metadata).toEqual({
      name: 'lb',
      namespace: 'default',
      labels: labels('lb'),
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'instance',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
        'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener': 'true',
      },
    });
    expect(lb.report.notes.map((n) => n.topic)).toEqual(['udp-idle-timeout', 'aws-lbc-immutable', 'apply-server-side']);
    expect(lb.report.udpHealthCheck.status).toBe('partial');
  });

  test('metallb before 0.14.9 reads metallb.universe.tf annotation keys', async () => {
    await deploy('lb', { selector: { app: 'edge' }, provider: { name: 'metallb', version: '0.14.8', address: '192.0.2.10', addressPool: 'public' } });
    expect((findRegistered(SERVICE, 'lb-service').inputs.metadata as { annotations: unknown }).annotations).toEqual({
      'metallb.universe.tf/loadBalancerIPs': '192.0.2.10',
      'metallb.universe.tf/address-pool': 'public',
    });
  });
});

describe('two Services sharing one address', () => {
  test('metallb two-services: `${name}-service-tcp` and `${name}-service-udp` with the sharing key and an Input address', async () => {
    const lb = await deploy('lb', {
      name: 'edge',
      namespace: 'web',
      selector: { app: 'edge' },
      targetPort: 8443,
      provider: { name: 'metallb', mixedProtocol: 'two-services', address: pulumi.output('192.0.2.10'), sharingKey: 'edge-key' },
    });
    expect(registrations()).toEqual([
      [TYPE, 'lb', false],
      [SERVICE, 'lb-service-tcp', true],
      [SERVICE, 'lb-service-udp', true],
    ]);
    const annotations = { 'metallb.io/loadBalancerIPs': '192.0.2.10', 'metallb.io/allow-shared-ip': 'edge-key' };
    const service = (name: string, port: object): object => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'web', labels: labels('edge'), annotations },
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'edge' }, ports: [port] },
    });
    expect(findRegistered(SERVICE, 'lb-service-tcp').inputs).toEqual(service('edge-tcp', tcp(443, 8443)));
    expect(findRegistered(SERVICE, 'lb-service-udp').inputs).toEqual(service('edge-udp', udp(443, 8443)));
    expect(await promiseOf(lb.serviceNames)).toEqual(['edge-tcp', 'edge-udp']);
    expect(await Promise.all(lb.services.map((s) => promiseOf(s.urn)))).toEqual([
      childUrn(TYPE, SERVICE, 'lb-service-tcp'),
      childUrn(TYPE, SERVICE, 'lb-service-udp'),
    ]);
    expect(lb.report.notes.map((n) => n.topic)).toEqual(['metallb-shared-ip']);
  });

  test('the sharing key defaults to the Service base name', async () => {
    await deploy('lb', { selector: { app: 'edge' }, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '2001:db8::10' } });
    expect((findRegistered(SERVICE, 'lb-service-udp').inputs.metadata as { annotations: unknown }).annotations).toEqual({
      'metallb.io/loadBalancerIPs': '2001:db8::10',
      'metallb.io/allow-shared-ip': 'lb',
    });
  });
});

describe('deferred validation and construction errors', () => {
  test('an address Output that is not an IP fails the deployment with the plain-value message', async () => {
    const provider = { name: 'metallb', mixedProtocol: 'two-services', address: 'not-an-ip' } as const;
    const plain = thrownBy(() => new MixedProtocolLoadBalancer('plain', { selector: { app: 'edge' }, provider }));
    expect(plain.message).toBe('provider.address must be an IPv4 or IPv6 address, got "not-an-ip"');
    await freshRegistrations();
    const errors = await deploymentErrors(() => new MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: { ...provider, address: pulumi.output('not-an-ip') },
    }));
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'provider.address', value: 'not-an-ip' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
    // both Services carry the address: neither is registered
    expect(registrations()).toEqual([[TYPE, 'lb', false]]);
  });

  test('a selector given as an Output is refused at construction', () => {
    const selector = pulumi.output({ app: 'edge' }) as unknown as Record<string, string>;
    const error = thrownBy(() => new MixedProtocolLoadBalancer('lb', { selector }));
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect(error.message).toBe(plainValueMessage('selector'));
  });

  test('the layout given as a Promise is refused at construction', () => {
    const error = thrownBy(() => new MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: { name: 'metallb', mixedProtocol: Promise.resolve('two-services') as unknown as 'two-services', address: '192.0.2.10' },
    }));
    expect(error.message).toBe(plainValueMessage('provider.mixedProtocol'));
  });

  test('two Services without a pinned address are refused', () => {
    const error = thrownBy(() => new MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: { name: 'metallb', mixedProtocol: 'two-services' },
    }));
    expect(error.message).toBe(
      'provider.address must be an IP address when mixedProtocol is "two-services", got undefined; MetalLB may place two Services on different '
        + 'IPs unless both request the same address',
    );
  });

  test('an extra annotation that would override the provider workaround is refused', () => {
    const error = thrownBy(() => new MixedProtocolLoadBalancer('lb', {
      selector: { app: 'edge' },
      provider: {
        name: 'aws-lbc',
        scheme: 'internet-facing',
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener': 'false' },
      },
    }));
    expect(error.message).toBe(
      'provider.annotations["service.beta.kubernetes.io/aws-load-balancer-enable-tcp-udp-listener"] "false" would override what the aws-lbc '
        + 'provider sets itself ("true"); remove it, or use the provider option that controls it',
    );
  });
});

test('every manifest registered in this file passes the strict upstream validator', () => {
  expect(collector.size).toBe(10);
  collector.expectStrictlyValid();
});
