// Reading the checked-out commit from .git files alone: loose and packed refs, a detached HEAD,
// a worktree's `gitdir:` link with its commondir, and repositories that cannot be read.

import * as assert from 'node:assert/strict';
import { readGitHead } from '../../src/core/artifacts/git-head';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('readGitHead', () => {
  it('follows HEAD to a loose ref and reads the origin URL without its credentials', async () => {
    const io = new MemoryWorkspaceIO({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/refs/heads/main': `${A}\n`,
      '.git/config': '[remote "upstream"]\n\turl = https://other.example/x.git\n[remote "origin"]\n\turl = https://bot:tok@example.com/r.git\n',
    });
    assert.deepEqual(await readGitHead(io), { commit: A, ref: 'refs/heads/main', remote: 'https://example.com/r.git' });
  });

  it('finds a ref that only packed-refs holds, and a detached HEAD', async () => {
    const packed = new MemoryWorkspaceIO({ '.git/HEAD': 'ref: refs/heads/dev\n', '.git/packed-refs': `# pack-refs with: peeled\n${A} refs/heads/main\n${B} refs/heads/dev\n` });
    assert.deepEqual(await readGitHead(packed), { commit: B, ref: 'refs/heads/dev' });
    const detached = new MemoryWorkspaceIO({ '.git/HEAD': `${B}\n` });
    assert.deepEqual(await readGitHead(detached), { commit: B });
  });

  it('follows a worktree link to its git directory and the shared refs', async () => {
    const io = new MemoryWorkspaceIO({
      'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n',
      'main/.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
      'main/.git/refs/heads/feature': `${A}\n`,
    });
    assert.deepEqual(await readGitHead(io, 'wt'), { commit: A, ref: 'refs/heads/feature' });
  });

  it('gives undefined for no repository, an unborn branch, a link out of the workspace and a hostile ref', async () => {
    assert.equal(await readGitHead(new MemoryWorkspaceIO({})), undefined);
    assert.equal(await readGitHead(new MemoryWorkspaceIO({ '.git/HEAD': 'ref: refs/heads/main\n' })), undefined);
    assert.equal(await readGitHead(new MemoryWorkspaceIO({ '.git': 'gitdir: ../../elsewhere/.git\n' })), undefined);
    assert.equal(await readGitHead(new MemoryWorkspaceIO({ '.git': 'gitdir: /abs/.git\n' })), undefined);
    assert.equal(await readGitHead(new MemoryWorkspaceIO({ '.git/HEAD': 'ref: refs/../../secret\n', secret: A })), undefined);
    assert.equal(await readGitHead(new MemoryWorkspaceIO({ '.git/HEAD': 'garbage\n' })), undefined);
  });
});
