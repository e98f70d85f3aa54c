/**
 * `--baseline <git-ref>`: the commit to compare with, checked out into a temporary worktree
 * (`git worktree add --detach`), its API run by api-child.ts from there. Its node_modules is a
 * symlink to this checkout's when both lock files are the same, else installed with `npm ci`.
 * The worktree is removed at the end of the run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface Baseline {
  ref: string;
  /** Short commit hash. */
  commit: string;
  root: string;
  /** How node_modules was provided. */
  modules: 'symlink' | 'npm ci';
  remove(): void;
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
}

export function checkoutBaseline(ref: string, log: (line: string) => void): Baseline {
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--short', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--baseline: ${ref} is not a commit of this repository`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'observatory-bench-baseline-'));
  git(['worktree', 'add', '--detach', root, commit]);
  const remove = () => {
    try {
      git(['worktree', 'remove', '--force', root]);
    } catch {
      fs.rmSync(root, { recursive: true, force: true });
      git(['worktree', 'prune']);
    }
  };
  try {
    const sameLock =
      fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8') ===
      fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
    if (sameLock) {
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    } else {
      log(`baseline ${ref} (${commit}) has another package-lock.json: npm ci in its worktree`);
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    }
    log(`baseline ${ref} = ${commit}, checked out in ${root}`);
    return { ref, commit, root, modules: sameLock ? 'symlink' : 'npm ci', remove };
  } catch (error) {
    remove();
    throw error;
  }
}
