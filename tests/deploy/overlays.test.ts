import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { K8S_PROCESSES, ROOT, type Manifest } from './manifests.js';

/** `kubectl kustomize` or standalone `kustomize build`, whichever is installed. */
function kustomizeCommand(): string[] | null {
  const has = (bin: string) => {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (has('kubectl')) return ['kubectl', 'kustomize'];
  if (has('kustomize')) return ['kustomize', 'build'];
  return null;
}

const command = kustomizeCommand();
const render = (overlay: string): Manifest[] => {
  const [bin, ...args] = command!;
  const out = execFileSync(bin!, [...args, `k8s/overlays/${overlay}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out).map((doc) => doc.toJS() as Manifest);
};
const renders = command ? test : test.skip;
const why = command ? '' : ' — skipped: neither kubectl nor kustomize is installed';

renders(`the dev overlay renders: one namespace, every process, one replica floor, in-cluster PostgreSQL/Redis/Weaviate${why}`, () => {
  const manifests = render('dev');
  const namespaced = manifests.filter((m) => m.kind !== 'Namespace');
  expect(new Set(namespaced.map((m) => m.metadata.namespace))).toEqual(new Set(['bwenge-dev']));
  const deployments = manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
  expect(deployments).toEqual(expect.arrayContaining([...K8S_PROCESSES.map((p) => p.name), 'redis', 'weaviate']));
  expect(manifests.some((m) => m.kind === 'StatefulSet' && m.metadata.name === 'postgres')).toBe(true);
  for (const hpa of manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')) expect(hpa.spec.minReplicas).toBe(1);
  const images = manifests.filter((m) => m.kind === 'Deployment' && K8S_PROCESSES.some((p) => p.name === m.metadata.name)).map((m) => m.spec.template.spec.containers[0].image);
  expect(new Set(images)).toEqual(new Set(['bwenge:dev']));
});

renders(`the prod overlay renders: pinned image, TLS ingress, and no Secret (created out of band)${why}`, () => {
  const manifests = render('prod');
  expect(new Set(manifests.map((m) => m.metadata.namespace))).toEqual(new Set(['bwenge']));
  expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  const ingress = manifests.find((m) => m.kind === 'Ingress')!;
  expect(ingress.spec.tls[0].hosts).toEqual([ingress.spec.rules[0].host]);
  const config = manifests.find((m) => m.kind === 'ConfigMap')!;
  expect(config.data.PUBLIC_BASE_URL).toBe(`https://${ingress.spec.rules[0].host}`);
  for (const m of manifests.filter((d) => d.kind === 'Deployment' || d.kind === 'Job')) {
    expect(m.spec.template.spec.containers[0].image).toMatch(/^ghcr\.io\/bwenge\/bwenge:\d+\.\d+\.\d+$/);
  }
});
