/**
 * The Traefik-with-Helm-on-AKS example as a cdk8s chart.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Http3Gateway } from 'kube-http3/cdk8s';
import { demoManifests, whoamiGateway } from './props';

/** add the example's chart to the app */
export function traefikHelmAks(app: App): Chart {
  const chart = new Chart(app, 'traefik-helm-aks');
  demoManifests.forEach((manifest) => new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest));
  new Http3Gateway(chart, 'whoami', whoamiGateway);
  return chart;
}
