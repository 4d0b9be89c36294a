/**
 * Writing artifacts next to the synthesized manifests: everything a user applies with another tool than
 * kubectl (istioctl overlays, Helm values, zone files) goes to `<outdir>/artifacts/<chart id>/`, never into
 * the `*.k8s.yaml` files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { renderArtifact } from '../core/artifacts';
import { artifactsOf } from './_manifests';

/**
 * Write the artifacts of every kube-http3 construct in the app to `<outdir>/artifacts/<chart id>/<file>`
 * and return the paths written. Call it after `app.synth()`.
 *
 * Two constructs of one chart that would write different content to the same file are an error.
 */
export function writeArtifacts(app: App, outdir: string = app.outdir): string[] {
  const written = new Map<string, string>();
  for (const construct of app.node.findAll() as IConstruct[]) {
    const artifacts = artifactsOf(construct);
    if (artifacts.length === 0) continue;
    const chart = Chart.of(construct);
    for (const artifact of artifacts) {
      const dir = join(outdir, 'artifacts', chart.node.id);
      const file = join(dir, artifact.fileName);
      const text = renderArtifact(artifact);
      const before = written.get(file);
      if (before !== undefined && before !== text) {
        throw new Error(`two constructs in chart ${chart.node.id} write different content to ${file}: give them different names`);
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, text);
      written.set(file, text);
    }
  }
  return [...written.keys()];
}
