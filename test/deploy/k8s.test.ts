import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');

// Only the fields these tests read.
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    template: {
      spec: {
        restartPolicy: string;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        containers: Container[];
        volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

const load = <T>(file: string): T => parseYaml(readFileSync(join(ROOT, 'deploy', 'k8s', file), 'utf8')) as T;
const render = load<Job>('render-job.yaml');
const join_ = load<Job>('join-job.yaml');
const pvc = load<{
  kind: string;
  metadata: { name: string };
  spec: { accessModes: string[]; resources: { requests: { storage: string } } };
}>('pvc.yaml');

const container = (job: Job) => {
  expect(job.spec.template.spec.containers).toHaveLength(1);
  return job.spec.template.spec.containers[0];
};
/** The mount path of the job's volume that is the output claim. */
const outMount = (job: Job) => {
  const volume = job.spec.template.spec.volumes.find(
    (v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name,
  );
  expect(volume, `${job.metadata.name} mounts the claim ${pvc.metadata.name}`).toBeDefined();
  const mount = container(job).volumeMounts?.find((m) => m.name === volume!.name);
  expect(mount).toBeDefined();
  return mount!.mountPath;
};

const script = (container(render).command ?? []).concat(container(render).args ?? []).join(' ');
const shardArg = /--shard\s+"?\$\{?JOB_COMPLETION_INDEX\}?\/(\d+)"?/.exec(script);
const outArg = /--out\s+"?([^"\s$]+)\$\{?JOB_COMPLETION_INDEX\}?"?/.exec(script);
const N = Number(shardArg?.[1]);

describe('deploy/k8s/render-job.yaml', () => {
  it('is an Indexed Job with one completion per shard, all running at once', () => {
    expect(render.apiVersion).toBe('batch/v1');
    expect(render.kind).toBe('Job');
    expect(render.spec.completionMode).toBe('Indexed');
    expect(shardArg, `--shard $JOB_COMPLETION_INDEX/N in: ${script}`).not.toBeNull();
    expect(N).toBeGreaterThan(1);
    expect(render.spec.completions).toBe(N);
    expect(render.spec.parallelism).toBe(N);
  });

  it('renders shard $JOB_COMPLETION_INDEX through a shell, so that the variable expands', () => {
    const c = container(render);
    expect(c.command?.slice(0, 2)).toEqual(['sh', '-c']);
    expect(script).toMatch(/\bgen-frames\b/);
    expect(script).toContain('JOB_COMPLETION_INDEX');
    // Kubernetes' own $(VAR) syntax would be a command substitution to sh: not used.
    expect(script).not.toContain('$(');
  });

  it('writes each shard to its own folder on the shared volume', () => {
    expect(outArg, `--out PREFIX$JOB_COMPLETION_INDEX in: ${script}`).not.toBeNull();
    const mount = outMount(render);
    expect(outArg![1].startsWith(`${mount.replace(/\/$/, '')}/`)).toBe(true);
  });

  it('asks for a 2-core / 4 GiB pod, retries a bounded number of times and never restarts in place', () => {
    const r = container(render).resources;
    expect(String(r?.requests?.cpu)).toBe('2');
    expect(r?.requests?.memory).toBe('4Gi');
    expect(render.spec.backoffLimit).toEqual(expect.any(Number));
    expect(render.spec.template.spec.restartPolicy).toBe('Never');
    expect(render.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
  });

  it('shows the GPU variant (nvidia.com/gpu: 1) as a comment', () => {
    const text = readFileSync(join(ROOT, 'deploy', 'k8s', 'render-job.yaml'), 'utf8');
    expect(text).toMatch(/^\s*#\s*nvidia\.com\/gpu: 1\s*$/m);
  });
});

describe('deploy/k8s/join-job.yaml', () => {
  it('joins exactly the shards 0..N-1 of the render job into a folder on the same volume', () => {
    expect(join_.kind).toBe('Job');
    const c = container(join_);
    const args = (c.command ?? []).concat(c.args ?? []);
    expect(args[0]).toBe('concat');
    const out = args.indexOf('--out');
    expect(out).toBeGreaterThan(0);
    const prefix = outArg![1];
    const shards = args.filter((a, i) => i > 0 && i !== out && i !== out + 1);
    expect(shards).toEqual(Array.from({ length: N }, (_, k) => `${prefix}${k}`));
    const mount = outMount(join_);
    expect(args[out + 1].startsWith(`${mount}/`)).toBe(true);
    expect(shards).not.toContain(args[out + 1]);
  });

  it('uses the same image as the render job, with a retry limit and no in-place restarts', () => {
    expect(container(join_).image).toBe(container(render).image);
    expect(container(render).image).toMatch(/^[\w.\-/:]+$/);
    expect(join_.spec.backoffLimit).toEqual(expect.any(Number));
    expect(join_.spec.template.spec.restartPolicy).toBe('Never');
    expect(join_.spec.template.spec.securityContext?.runAsNonRoot).toBe(true);
  });
});

describe('deploy/k8s/pvc.yaml', () => {
  it('is a ReadWriteMany claim that both jobs mount', () => {
    expect(pvc.kind).toBe('PersistentVolumeClaim');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(pvc.spec.resources.requests.storage).toMatch(/^\d+[GT]i$/);
    expect(outMount(render)).toBe(outMount(join_));
  });
});

describe('deploy/Dockerfile', () => {
  const docker = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
  const runtime = docker.slice(docker.lastIndexOf('\nFROM '));

  it('is Node 20 on Debian bookworm with Chromium and ffmpeg from apt', () => {
    expect(runtime).toMatch(/^\nFROM node:20-bookworm(-slim)?\s*$/m);
    expect(runtime).toMatch(/apt-get install -y [^\n]*\bchromium\b[^\n]*\bffmpeg\b/);
    expect(runtime).toMatch(/^ENV PORTGLOW_CHROMIUM=\/usr\/bin\/chromium\b/m);
  });

  it('builds with npm ci and runs gen-frames as a non-root user', () => {
    expect(docker).toMatch(/\bnpm ci\b/);
    const user = /^USER\s+(\S+)/m.exec(runtime);
    expect(user?.[1]).toBeDefined();
    expect(['root', '0']).not.toContain(user![1]);
    expect(runtime).toMatch(/^ENTRYPOINT \["gen-frames"\]/m);
  });
});
