/**
 * Kubernetes Gateway API objects (gateway.networking.k8s.io, standard channel v1.6.1) shared by every
 * implementation that is configured through them. Gateway API has no HTTP/3 field: HTTP/3 rides on a
 * `protocol: HTTPS` listener with `tls.mode: Terminate`, turned on by each implementation's own API.
 */
import type { KubeManifest, StringMap } from '../core/types';
import type { ListenerModel } from './gateway';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/** the name of the one HTTPS listener kube-http3 renders; policies target it with `sectionName` */
export const HTTPS_LISTENER_NAME = 'https';

/** the Secret of a listener that terminates TLS with one (implementations that list only 'secret' in tlsKinds()) */
export function tlsSecretName(model: ListenerModel): string {
  if (model.tls.kind !== 'secret') throw new Error(`kube-http3 bug: a ${model.tls.kind} certificate reached a listener that needs a Secret`);
  return model.tls.secretName;
}

/** a reference to a parameters object, for `spec.infrastructure.parametersRef` */
export interface ParametersRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** an entry of `spec.addresses`: the address the Gateway is reached at (`Hostname` names an existing Service for Istio) */
export interface GatewayAddress {
  readonly type: 'IPAddress' | 'Hostname';
  readonly value: string;
}

/** what the Gateway carries besides its listener */
export interface GatewayApiGatewayOptions {
  /** `spec.infrastructure.parametersRef`: the implementation's parameters object */
  readonly parametersRef?: ParametersRef;
  /** `spec.infrastructure.annotations`: annotations for the objects the implementation generates (at most 16) */
  readonly infrastructureAnnotations?: StringMap;
  /** `spec.addresses` */
  readonly addresses?: readonly GatewayAddress[];
  /** the listener port, when it differs from the client-facing port */
  readonly listenerPort?: number;
}

/**
 * The Gateway: one HTTPS listener on the client-facing port terminating TLS with the Secret. The listener
 * `hostname` is set when there is one hostname; with several, the HTTPRoute's `hostnames` select (one
 * listener per port avoids the duplicate QUIC filter chains older implementations produced).
 */
export function gatewayApiGateway(model: ListenerModel, gatewayClassName: string, options: GatewayApiGatewayOptions = {}): KubeManifest {
  const listener = {
    name: HTTPS_LISTENER_NAME,
    protocol: 'HTTPS',
    port: options.listenerPort ?? model.port,
    ...(model.hostnames.length === 1 ? { hostname: model.hostnames[0] } : {}),
    tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: tlsSecretName(model) }] },
  };
  const infrastructure = {
    ...(options.infrastructureAnnotations ? { annotations: { ...options.infrastructureAnnotations } } : {}),
    ...(options.parametersRef ? { parametersRef: options.parametersRef } : {}),
  };
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
    spec: {
      gatewayClassName,
      ...(options.addresses ? { addresses: options.addresses.map((a) => ({ type: a.type, value: a.value })) } : {}),
      ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
      listeners: [listener],
    },
  };
}

/** the HTTPRoute from the HTTPS listener to the backend, with extra response headers where given */
export function gatewayApiHttpRoute(model: ListenerModel, responseHeaders: StringMap = {}): KubeManifest {
  const headers = Object.entries(responseHeaders).map(([name, value]) => ({ name, value }));
  const crossNamespace = model.backend.namespace !== model.namespace;
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: model.name, sectionName: HTTPS_LISTENER_NAME }],
      hostnames: [...model.hostnames],
      rules: [
        {
          ...(headers.length > 0 ? { filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: headers } }] } : {}),
          backendRefs: [
            {
              group: '',
              kind: 'Service',
              name: model.backend.service,
              ...(crossNamespace ? { namespace: model.backend.namespace } : {}),
              port: model.backend.port,
            },
          ],
        },
      ],
    },
  };
}

/** the ReferenceGrant that lets the HTTPRoute reach a backend Service in another namespace (undefined when not needed) */
export function gatewayApiReferenceGrant(model: ListenerModel): KubeManifest | undefined {
  if (model.backend.namespace === model.namespace) return undefined;
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: { name: `${model.name}-${model.namespace}`.slice(0, 253), namespace: model.backend.namespace, labels: model.labels },
    spec: {
      from: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: model.namespace }],
      to: [{ group: '', kind: 'Service', name: model.backend.service }],
    },
  };
}
