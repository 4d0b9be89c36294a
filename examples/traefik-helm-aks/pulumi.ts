/**
 * The Traefik-with-Helm-on-AKS example as a Pulumi program (selected with `pulumi config set example traefik-helm-aks`).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Http3Gateway } from 'kube-http3/pulumi';
import { demoManifests, whoamiGateway } from './props';

/** create the example's resources and return its stack outputs (the Helm values are the artifact to apply first) */
export function traefikHelmAks(): Record<string, pulumi.Output<unknown>> {
  const demo = new k8s.yaml.v2.ConfigGroup('traefik-helm-aks-demo', { objs: demoManifests });
  const gateway = new Http3Gateway('whoami', whoamiGateway, { dependsOn: [demo] });
  return {
    altSvc: gateway.altSvcValue,
    httpsRecords: gateway.httpsRecords,
    tlsSecretName: gateway.tlsSecretName,
    artifacts: gateway.artifacts,
  };
}
