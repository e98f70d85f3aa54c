/**
 * Where the CPU of a profiled run went, from a V8 .cpuprofile (`npm run bench -- --profile`, or
 * any `node --cpu-prof` output): the busy time by area (a package under node_modules, a library
 * or app of this repository, Node's internals, the garbage collector) and the functions with the
 * most self time, with their total time (self + what they call) beside.
 *
 *   node -r ./test/support/ts-register.js bench/profile-summary.ts <file.cpuprofile> [top]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  /** Self time, ms. */
  selfMs: number;
  /** Self time plus callees (each sample counted once per function on its stack), ms. */
  totalMs: number;
}

export interface ProfileSummary {
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  areas: ProfileLine[];
  functions: ProfileLine[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** The package, library or app a script belongs to (`pg`, `@nestjs/core`, `libs/anonymisation`). */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('node:')) return 'node internals';
  const repository = url.match(/\/((?:libs|apps)\/[^/]+)\//);
  return repository ? repository[1] : path.basename(url);
}

export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\//, '')}:${lineNumber + 1}`
      : '';
    return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areaSelf = new Map<string, number>();
  const areaTotal = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id);
    if (!node || IDLE.has(node.callFrame.functionName)) return;
    // The profiler's own stop (building the profile), caught at the end of the sampling.
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (byId.get(at)!.callFrame.url === 'node:inspector') return;
    }
    busyUs += delta;
    const name = nameOf(node);
    self.set(name, (self.get(name) ?? 0) + delta);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areaSelf.set(area, (areaSelf.get(area) ?? 0) + delta);
    const seen = new Set<string>();
    const seenAreas = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!;
      if (frame.callFrame.functionName === '(root)') break;
      const frameName = nameOf(frame);
      if (!seen.has(frameName)) {
        seen.add(frameName);
        total.set(frameName, (total.get(frameName) ?? 0) + delta);
      }
      const frameArea = areaOf(frame.callFrame.url, frame.callFrame.functionName);
      if (!seenAreas.has(frameArea)) {
        seenAreas.add(frameArea);
        areaTotal.set(frameArea, (areaTotal.get(frameArea) ?? 0) + delta);
      }
    }
  });
  const lines = (selfTimes: Map<string, number>, totals: Map<string, number>) =>
    [...selfTimes]
      .map(([name, us]) => ({ name, selfMs: us / 1000, totalMs: (totals.get(name) ?? us) / 1000 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return {
    busyMs: busyUs / 1000,
    areas: lines(areaSelf, areaTotal),
    functions: lines(self, total),
  };
}

/** The summary as text: areas, then the `top` functions by self time. */
export function formatSummary(summary: ProfileSummary, top = 30, perRequest?: number): string {
  const share = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1).padStart(5)} %`;
  const each = (ms: number) =>
    perRequest ? ` ${(ms / perRequest).toFixed(3).padStart(7)} ms` : '';
  const row = (line: ProfileLine) =>
    `${share(line.selfMs)}${each(line.selfMs)} self  ${share(line.totalMs)} total  ${line.name}`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms${perRequest ? ` over ${perRequest} requests (${(summary.busyMs / perRequest).toFixed(3)} ms each)` : ''}`,
    '',
    'by area (self time; total = self + what it calls):',
    ...summary.areas.slice(0, 25).map(row),
    '',
    `top ${top} functions by self time:`,
    ...summary.functions.slice(0, top).map(row),
  ].join('\n');
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatSummary(summariseProfile(readProfile(file)), top ? Number(top) : 30));
}
