// Unit tests of the static shell parser and of the command facts extracted from parsed scripts.

import * as assert from 'node:assert/strict';
import { allCommands, identityMap, parseShell, scriptFromArgv, shellCArgument, stripWrappers } from '../../src/core/shell/parse';
import { factsFromEnvironment, factsFromScript, parseCondaSpec, parsePipRequirement, payloadOf } from '../../src/core/facts/commands';
import { applyEdits } from '../../src/core/fixes';
import type { Facts, SettingFact, ShellCommand, ShellScript, ShellWord, Str } from '../../src/core/facts/model';
import type { Loc } from '../../src/core/model';

/** The script text sits after this prefix in the "file", so offsets are checked against a non-zero base. */
const PREFIX = 'RUN ';

function parse(script: string, vars: Record<string, string> = {}): { file: string; s: ShellScript } {
  const file = PREFIX + script;
  return { file, s: parseShell(script, identityMap('Dockerfile', PREFIX.length), new Map(Object.entries(vars))) };
}

const values = (c: ShellCommand) => c.words.map((w) => w.value);
const all = (s: ShellScript) => allCommands(s);
const text = (file: string, loc: Loc) => file.slice(loc.start, loc.end);

/** Every word of every command maps back to exactly what is written in the file. */
function assertExactOffsets(file: string, s: ShellScript): void {
  for (const c of all(s)) {
    for (const w of c.words) assert.equal(text(file, w.loc), w.raw, `word ${JSON.stringify(w.raw)}`);
  }
}

function facts(script: string, phase: 'build' | 'run' = 'build', vars: Record<string, string> = {}): { file: string; f: Facts } {
  const { file, s } = parse(script, vars);
  return { file, f: factsFromScript(s, { origin: 'dockerfile-run', phase, file: 'Dockerfile', workloadId: 'Dockerfile#stage-0' }) };
}

const loc = (start: number, end: number): Loc => ({ file: 'f', start, end });

describe('shell parser', () => {
  describe('lists and pipes', () => {
    it('splits &&, ||, ; and & lists and links each pipe stage to the one before', () => {
      const { file, s } = parse('curl -fsSL https://x.example/a | tee /tmp/a | sh -s -- -y && echo ok || echo failed; ls & wait');
      assert.deepEqual(
        s.commands.map((c) => values(c)[0]),
        ['curl', 'tee', 'sh', 'echo', 'echo', 'ls', 'wait'],
      );
      const [curl, tee, sh, ok] = s.commands;
      assert.deepEqual(tee.pipedFrom, [curl]);
      assert.deepEqual(sh.pipedFrom, [tee]);
      assert.deepEqual(ok.pipedFrom, []);
      assert.equal(text(file, sh.loc), 'sh -s -- -y');
      assertExactOffsets(file, s);
    });

    it('treats |& as a pipe and subshell parentheses as grouping', () => {
      const { s } = parse('(cd /opt && wget -qO- https://x.example/i.sh |& bash)');
      assert.deepEqual(
        s.commands.map((c) => values(c)[0]),
        ['cd', 'wget', 'bash'],
      );
      assert.deepEqual(s.commands[2].pipedFrom, [s.commands[1]]);
    });

    it('ends a command at a comment and joins backslash-newline continuations, LF or CRLF', () => {
      const { file, s } = parse('pip install \\\r\n    torch==2.3.1 \\\n    numpy==1.26.4 # pinned for CUDA 12.1\necho done');
      assert.deepEqual(s.commands.map(values), [
        ['pip', 'install', 'torch==2.3.1', 'numpy==1.26.4'],
        ['echo', 'done'],
      ]);
      assertExactOffsets(file, s);
    });
  });

  describe('quoting', () => {
    it('removes single, double and ANSI-C quotes and backslash escapes, keeping raw text and offsets', () => {
      const { file, s } = parse(`echo 'a $b' "c \\"d\\" \\$e" $'f\\tg\\'h' i\\ j`);
      const [, single, double, ansi, escaped] = s.commands[0].words;
      assert.deepEqual([single.value, double.value, ansi.value, escaped.value], ['a $b', 'c "d" $e', "f\tg'h", 'i j']);
      assert.deepEqual([single.dynamic, double.dynamic, ansi.dynamic, escaped.dynamic], [false, false, false, false]);
      assert.equal(double.raw, '"c \\"d\\" \\$e"');
      assertExactOffsets(file, s);
    });

    it('keeps quoted operators inside the word', () => {
      const { s } = parse(`pip install "numpy>=1.26; python_version<'3.13'" 'a|b&&c'`);
      assert.equal(s.commands.length, 1);
      assert.deepEqual(values(s.commands[0]).slice(2), ["numpy>=1.26; python_version<'3.13'", 'a|b&&c']);
    });
  });

  describe('variables', () => {
    it('substitutes known values and keeps unknown expansions as written, marked dynamic', () => {
      const { s } = parse('echo $TORCH ${TORCH} "v$TORCH" ${MISSING:-2.2.0} ${TORCH:-0} ${MISSING:+x} $MISSING ${MISSING} \'$TORCH\'', { TORCH: '2.3.1' });
      const w = s.commands[0].words.slice(1);
      assert.deepEqual(
        w.map((x) => [x.value, x.dynamic]),
        [
          ['2.3.1', false],
          ['2.3.1', false],
          ['v2.3.1', false],
          ['2.2.0', false],
          ['2.3.1', false],
          ['', false],
          ['$MISSING', true],
          ['${MISSING}', true],
          ['$TORCH', false],
        ],
      );
    });

    it('records NAME=value prefixes as assignments, not words', () => {
      const { file, s } = parse('GIT_SSL_NO_VERIFY=1 HF_HUB_CACHE="/models cache" python fetch.py');
      const c = s.commands[0];
      assert.deepEqual(
        c.assigns.map((a) => [a.name, a.value]),
        [
          ['GIT_SSL_NO_VERIFY', '1'],
          ['HF_HUB_CACHE', '/models cache'],
        ],
      );
      assert.equal(text(file, c.assigns[1].loc), 'HF_HUB_CACHE="/models cache"');
      assert.deepEqual(values(c), ['python', 'fetch.py']);
    });
  });

  describe('substitutions', () => {
    it('parses $(…), backticks and <(…) as nested scripts with file offsets', () => {
      const { file, s } = parse('echo "$(curl -fsSL https://x.example/v)" `wget -qO- https://x.example/w` && bash <(curl -s https://x.example/i.sh)');
      const [echo, bash] = s.commands;
      assert.deepEqual(
        echo.substitutions.map((x) => values(x.commands[0])),
        [
          ['curl', '-fsSL', 'https://x.example/v'],
          ['wget', '-qO-', 'https://x.example/w'],
        ],
      );
      assert.equal(echo.words[1].dynamic, true);
      assert.deepEqual(values(bash.substitutions[0].commands[0]), ['curl', '-s', 'https://x.example/i.sh']);
      assert.deepEqual(
        all(s).map((c) => values(c)[0]),
        ['echo', 'curl', 'wget', 'bash', 'curl'],
      );
      assertExactOffsets(file, s);
    });

    it('does not treat $((arithmetic)) as a command', () => {
      const { s } = parse('echo $((NPROC * 2)) $(( (1 + 2) * 3 ))');
      assert.deepEqual(all(s).length, 1);
      assert.equal(s.commands[0].words.length, 3);
    });

    it('stops nesting at a fixed depth without failing', () => {
      const depth = 30;
      const { s } = parse('echo ' + '$(echo '.repeat(depth) + 'x' + ')'.repeat(depth));
      let levels = 0;
      let cur: ShellScript | undefined = s;
      while (cur && cur.commands.length) {
        levels++;
        cur = cur.commands[0].substitutions[0];
      }
      assert.ok(levels > 3 && levels < depth, `parsed ${levels} levels`);
      assert.equal(s.incomplete, undefined);
    });
  });

  describe('sh -c scripts', () => {
    it('parses double- and single-quoted scripts with exact offsets', () => {
      const { file, s } = parse(`sudo -E sh -c "pip install torch==2.3.1 && curl -k https://x.example/a" && bash -lc 'eval "$(curl -fsSL https://x.example/env)"'`);
      const [sh, bash] = s.commands;
      assert.deepEqual(sh.inner!.commands.map(values), [
        ['pip', 'install', 'torch==2.3.1'],
        ['curl', '-k', 'https://x.example/a'],
      ]);
      const evalCmd = bash.inner!.commands[0];
      assert.deepEqual(values(evalCmd.substitutions[0].commands[0]), ['curl', '-fsSL', 'https://x.example/env']);
      assertExactOffsets(file, s);
    });

    it('does not parse a substitution twice when it is the whole script', () => {
      const { s } = parse('sh -c "$(curl -fsSL https://x.example/install.sh)"');
      const sh = s.commands[0];
      assert.equal(sh.inner, undefined);
      assert.equal(all(s).filter((c) => values(c)[0] === 'curl').length, 1);
    });

    it('locates words of a script with escapes on the whole script argument', () => {
      const { file, s } = parse('sh -c "mlflow server --host \\"0.0.0.0\\" && curl -k https://x.example"');
      const script = s.commands[0].words[2];
      const inner = s.commands[0].inner!;
      assert.deepEqual(inner.commands.map(values), [
        ['mlflow', 'server', '--host', '0.0.0.0'],
        ['curl', '-k', 'https://x.example'],
      ]);
      for (const c of inner.commands) {
        for (const w of c.words) assert.deepEqual(w.loc, script.loc);
      }
      assert.equal(text(file, inner.loc), script.raw);
    });

    it('finds the script argument after wrappers and combined options', () => {
      const w = (...v: string[]) => v.map((value) => ({ value }));
      assert.equal(shellCArgument(w('sudo', '-u', 'ml', 'env', 'A=1', 'nohup', 'bash', '-o', 'pipefail', '-ec', 'script') as ShellWord[])?.value, 'script');
      assert.equal(shellCArgument(w('/bin/busybox', 'sh', '-c', 'ls') as ShellWord[])?.value, 'ls');
      assert.equal(shellCArgument(w('python', '-c', 'print(1)') as ShellWord[]), undefined);
      assert.deepEqual(
        stripWrappers(w('sudo', '-H', 'timeout', '30', 'gosu', 'ml', 'pip', 'install')).map((x) => x.value),
        ['pip', 'install'],
      );
    });
  });

  describe('heredocs', () => {
    it('parses the body of a heredoc fed to a shell, and goes on after its delimiter', () => {
      const { file, s } = parse('bash <<EOF\ncurl -fsSL https://x.example/i.sh | sh\necho $HOME\nEOF\npip install ray==2.34.0');
      const [bash, pip] = s.commands;
      assert.deepEqual(
        bash.inner!.commands.map((c) => values(c)[0]),
        ['curl', 'sh', 'echo'],
      );
      assert.deepEqual(values(pip), ['pip', 'install', 'ray==2.34.0']);
      assertExactOffsets(file, s);
    });

    it('does not expand variables in a quoted-delimiter heredoc, and strips tabs for <<-', () => {
      const { s } = parse("sh <<-'EOT'\n\techo $TORCH\n\tEOT\necho $TORCH", { TORCH: '2.3.1' });
      assert.deepEqual(values(s.commands[0].inner!.commands[0]), ['echo', '$TORCH']);
      assert.deepEqual(values(s.commands[1]), ['echo', '2.3.1']);
    });

    it('leaves the body of a heredoc written to a file unparsed', () => {
      const { s } = parse("cat > /etc/pip.conf <<'EOF'\n[global]\ntrusted-host = pypi.corp.example\nEOF\necho written");
      assert.deepEqual(all(s).map(values), [['cat'], ['echo', 'written']]);
    });
  });

  describe('bad input', () => {
    for (const [name, script] of [
      ['double quote', 'echo "unterminated'],
      ['single quote', "echo 'unterminated"],
      ['ANSI-C quote', "echo $'unterminated"],
      ['command substitution', 'echo $(curl https://x.example'],
      ['backticks', 'echo `curl https://x.example'],
      ['heredoc', 'sh <<EOF\ncurl https://x.example | sh\n'],
    ]) {
      it(`marks an unterminated ${name} incomplete without throwing`, () => {
        const { s } = parse(script);
        assert.equal(s.incomplete, true);
        assert.ok(s.commands.length >= 1);
      });
    }

    it('survives long runs of openers', () => {
      for (const opener of ['$(', '${', '`', '<(', '"', "'", 'sh -c "', '<<E ']) {
        const { s } = parse(opener.repeat(5000));
        assert.ok(Array.isArray(s.commands), opener);
      }
    });
  });

  describe('words', () => {
    it('keeps non-ASCII text and mid-word parentheses as plain characters', () => {
      const { file, s } = parse('echo été→x f(x a=(b 数据');
      assert.deepEqual(values(s.commands[0]), ['echo', 'été→x', 'f(x', 'a=(b', '数据']);
      assertExactOffsets(file, s);
    });

    it('joins plain runs with quoted and expanded pieces in one word', () => {
      const { file, s } = parse(`pre"mid $A"post'q'\\x\${B:-d}end $'a\\tb'`, { A: '1' });
      const w = s.commands[0].words;
      assert.deepEqual(
        w.map((x) => x.value),
        ['pre' + 'mid 1' + 'post' + 'q' + 'x' + 'd' + 'end', 'a\tb'],
      );
      assert.equal(w[0].dynamic, false);
      assertExactOffsets(file, s);
    });

    it('ends a word at an operator or redirection right after plain text', () => {
      const { s } = parse('a>b c<d e|f g;h i&j (k)');
      assert.deepEqual(all(s).map(values), [['a', 'c', 'e'], ['f', 'g'], ['h', 'i'], ['j'], ['k']]);
    });

    it('keeps what was read of an unterminated single-quoted word', () => {
      const { s } = parse("echo pre'rest of it");
      assert.equal(s.incomplete, true);
      assert.deepEqual(values(s.commands[0]), ['echo', 'prerest of it']);
    });

    it('ends a nested script at its closing character inside a word', () => {
      const { s } = parse('echo x`uname -m`y $(a)b');
      assert.deepEqual(values(s.commands[0]).length, 3);
      assert.deepEqual(
        s.commands[0].substitutions.map((x) => values(x.commands[0])),
        [['uname', '-m'], ['a']],
      );
    });

    it('hands back the same words when no wrapper leads them', () => {
      const { s } = parse('pip install x');
      assert.equal(stripWrappers(s.commands[0].words), s.commands[0].words);
      const wrapped = parse('sudo -u app env A=b nohup pip install x').s.commands[0].words;
      assert.deepEqual(
        stripWrappers(wrapped).map((w) => w.value),
        ['pip', 'install', 'x'],
      );
    });
  });

  describe('reserved words and redirections', () => {
    it('runs the commands of if, for, while, case and brace groups, not their keywords', () => {
      const { s } = parse(
        [
          'if [ -f req.txt ]; then pip install -r req.txt; elif true; then :; else pip install torch==2.3.1; fi',
          'for p in a b; do pip install "$p"; done',
          'while ! nvidia-smi; do sleep 1; done',
          'case "$TARGETARCH" in amd64) ARCH=x86_64 ;; arm64|aarch64) ARCH=aarch64; echo arm ;; *) exit 1 ;; esac',
          '{ echo grouped; }',
        ].join('\n'),
      );
      const first = all(s).map((c) => values(c)[0] ?? `${c.assigns[0]?.name}=`);
      assert.deepEqual(first, ['[', 'pip', 'true', ':', 'pip', 'pip', 'nvidia-smi', 'sleep', 'ARCH=', 'ARCH=', 'echo', 'exit', 'echo']);
    });

    it('does not count redirections or their targets as words', () => {
      const { s } = parse('pip install torch==2.3.1 > /dev/null 2>&1 < /dev/null &> /tmp/log >> /tmp/all 2>/dev/null && tee >(gzip > x.gz)');
      assert.deepEqual(values(s.commands[0]), ['pip', 'install', 'torch==2.3.1']);
      assert.equal(values(s.commands[1])[0], 'tee');
      assert.deepEqual(values(s.commands[1].substitutions[0].commands[0]), ['gzip']);
    });
  });
});

describe('exec-form arguments', () => {
  const argv = (file: string, ...args: string[]): Str[] =>
    args.map((value) => {
      const start = file.indexOf(`"${value}"`) + 1;
      return { value, loc: { file: 'Dockerfile', start, end: start + value.length } };
    });

  it('keeps each argument as one word and marks how the list is written', () => {
    const file = 'CMD ["mlflow", "server", "--host", "$(HOST)"]';
    const s = scriptFromArgv(argv(file, 'mlflow', 'server', '--host', '$(HOST)'), new Map([['HOST', '0.0.0.0']]), file, 'json', false);
    assert.equal(s.commands.length, 1);
    assert.deepEqual(values(s.commands[0]), ['mlflow', 'server', '--host', '$(HOST)']);
    assert.equal(s.commands[0].argv, 'json');
  });

  it('expands $(VAR) references where the platform does (Kubernetes)', () => {
    const file = 'args: ["--host", "$(HOST)", "$(PORT)"]';
    const s = scriptFromArgv(argv(file, '--host', '$(HOST)', '$(PORT)'), new Map([['HOST', '0.0.0.0']]), file);
    assert.deepEqual(
      s.commands[0].words.map((w) => [w.value, w.dynamic]),
      [
        ['--host', false],
        ['0.0.0.0', false],
        ['$(PORT)', true],
      ],
    );
    assert.equal(s.commands[0].argv, 'list');
  });

  it('parses an sh -c argument with exact offsets when written verbatim, expanding the environment', () => {
    const file = 'ENTRYPOINT ["sh", "-c", "wget -q $MODEL_URL -O /m.onnx | sh"]';
    const s = scriptFromArgv(argv(file, 'sh', '-c', 'wget -q $MODEL_URL -O /m.onnx | sh'), new Map([['MODEL_URL', 'https://x.example/m.onnx']]), file, 'json', false);
    const inner = s.commands[0].inner!;
    assert.deepEqual(values(inner.commands[0]), ['wget', '-q', 'https://x.example/m.onnx', '-O', '/m.onnx']);
    assert.deepEqual(inner.commands[1].pipedFrom, [inner.commands[0]]);
    assertExactOffsets(file, inner);
  });
});

describe('requirement specs', () => {
  it('parses pip requirements: pins, extras, markers, VCS, URL and local paths', () => {
    const p = (s: string) => parsePipRequirement(s, loc(0, s.length));
    assert.deepEqual([p('torch==2.3.1').name, p('torch==2.3.1').pinnedVersion], ['torch', '2.3.1']);
    assert.equal(p('numpy===1.26.4').pinnedVersion, '1.26.4');
    assert.equal(p('ray[serve,tune]==2.34.0').pinnedVersion, '2.34.0');
    assert.equal(p('scipy == 1.14.0 ; python_version >= "3.10"').pinnedVersion, '1.14.0');
    for (const loose of ['torch', 'torch>=2.0', 'torch==2.*', 'torch~=2.3', 'torch==2.3.1,<3', 'torch!=2.0']) assert.equal(p(loose).pinnedVersion, undefined, loose);
    assert.deepEqual([p('git+https://github.com/org/repo.git@v1#egg=corp-lib').kind, p('git+https://github.com/org/repo.git@v1#egg=corp-lib').name], ['vcs', 'corp-lib']);
    assert.deepEqual([p('corp-lib @ git+https://github.com/org/repo.git').kind, p('corp-lib @ git+https://github.com/org/repo.git').name], ['vcs', 'corp-lib']);
    assert.deepEqual([p('flash-attn @ https://x.example/flash_attn-2.6.3.whl').kind, p('flash-attn @ https://x.example/flash_attn-2.6.3.whl').name], ['url', 'flash-attn']);
    assert.equal(p('./wheels/corp_lib-1.0-py3-none-any.whl').kind, 'local');
  });

  it('parses conda match specs', () => {
    const c = (s: string) => parseCondaSpec(s, loc(0, s.length));
    assert.deepEqual([c('pytorch=2.3.1').name, c('pytorch=2.3.1').pinnedVersion], ['pytorch', '2.3.1']);
    assert.equal(c('numpy==1.26.4=py311h64a7726_0').pinnedVersion, '1.26.4');
    assert.deepEqual([c('conda-forge::faiss-gpu=1.8.0').name, c('conda-forge::faiss-gpu=1.8.0').pinnedVersion], ['faiss-gpu', '1.8.0']);
    for (const loose of ['pytorch', 'pytorch>=2', 'pytorch=2.3.*']) assert.equal(c(loose).pinnedVersion, undefined, loose);
  });

  it('classifies download payloads by output name first, then URL', () => {
    assert.equal(payloadOf('https://huggingface.co/org/m/resolve/main/config.json'), 'model');
    assert.equal(payloadOf('https://x.example/weights?id=1', '/models/model.safetensors'), 'model');
    assert.equal(payloadOf('https://x.example/dl?id=2', 'train.parquet'), 'data');
    assert.equal(payloadOf('https://x.example/cudnn.tar.xz'), 'archive');
    assert.equal(payloadOf('https://x.example/install.sh'), 'script');
    assert.equal(payloadOf('https://x.example/release/kubectl'), 'other');
  });
});

describe('command facts', () => {
  describe('package installs', () => {
    it('reads pip options: requirements files, editables, indexes, trusted hosts and hashes', () => {
      const { file, f } = facts(
        'python3 -m pip install --require-hashes -r requirements.txt -c constraints.txt -e . -e git+https://github.com/org/lib.git#egg=lib ' +
          '--index-url=https://pypi.corp.example/simple --extra-index-url "https://download.pytorch.org/whl/cu121" -rdev.txt torch==2.3.1',
      );
      const [inst] = f.packageInstalls;
      assert.equal(inst.manager, 'pip');
      assert.equal(inst.requireHashes, true);
      assert.deepEqual(
        inst.packages.map((p) => [p.kind, p.spec]),
        [
          ['requirements-file', 'requirements.txt'],
          ['local', '.'],
          ['vcs', 'git+https://github.com/org/lib.git#egg=lib'],
          ['requirements-file', 'dev.txt'],
          ['name', 'torch==2.3.1'],
        ],
      );
      // Values written inline or quoted are located on the value itself.
      assert.deepEqual(
        inst.indexUrls.map((u) => text(file, u.loc)),
        ['https://pypi.corp.example/simple'],
      );
      assert.deepEqual(
        inst.extraIndexUrls.map((u) => text(file, u.loc)),
        ['https://download.pytorch.org/whl/cu121'],
      );
      assert.equal(text(file, inst.packages[3].loc), 'dev.txt');
      assert.deepEqual(
        f.urls.map((u) => u.role),
        ['package-index', 'package-index'],
      );
    });

    it('recognises pip, pip3.11, uv pip and python -m pip under wrappers', () => {
      const { f } = facts('pip3.11 install a==1 && uv pip install --system b==2 && sudo -H python -m pip install c==3 && python3 -mpip install d==4');
      assert.deepEqual(
        f.packageInstalls.map((p) => [p.manager, p.packages[0].name]),
        [
          ['pip', 'a'],
          ['uv', 'b'],
          ['pip', 'c'],
          ['pip', 'd'],
        ],
      );
    });

    it('offers removal of --trusted-host that leaves a working command', () => {
      const { file, f } = facts('pip install --trusted-host pypi.corp.example -i http://pypi.corp.example/simple corp-lib==1.0 && pip install --trusted-host=pypi.corp.example x==1');
      const [spaced, inline] = f.tlsDisables;
      assert.equal(spaced.what, 'pip --trusted-host pypi.corp.example');
      assert.equal(text(file, spaced.loc), '--trusted-host pypi.corp.example');
      assert.equal(applyEdits(file, spaced.removal!), 'RUN pip install -i http://pypi.corp.example/simple corp-lib==1.0 && pip install --trusted-host=pypi.corp.example x==1');
      assert.equal(applyEdits(file, inline.removal!), 'RUN pip install --trusted-host pypi.corp.example -i http://pypi.corp.example/simple corp-lib==1.0 && pip install x==1');
    });

    it('reads conda channels and files, and system package pins', () => {
      const { f } = facts(
        'conda install -y -n base -c conda-forge --channel=https://conda.corp.example/ml pytorch=2.3.1 --file env.txt && ' +
          'apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.16 git && apk add --no-cache bash=5.2.26-r0 && dnf install -y wget',
      );
      const [conda, apt, apk, yum] = f.packageInstalls;
      assert.deepEqual(
        conda.extraIndexUrls.map((u) => u.value),
        ['conda-forge', 'https://conda.corp.example/ml'],
      );
      assert.deepEqual(
        conda.packages.map((p) => [p.kind, p.name, p.pinnedVersion]),
        [
          ['name', 'pytorch', '2.3.1'],
          ['requirements-file', 'env.txt', undefined],
        ],
      );
      assert.deepEqual(
        apt.packages.map((p) => [p.name, p.pinnedVersion]),
        [
          ['curl', '7.81.0-1ubuntu1.16'],
          ['git', undefined],
        ],
      );
      assert.deepEqual(
        apk.packages.map((p) => [p.name, p.pinnedVersion]),
        [['bash', '5.2.26-r0']],
      );
      assert.deepEqual([yum.manager, yum.packages[0].name], ['yum', 'wget']);
      assert.deepEqual(
        f.urls.map((u) => u.url.value),
        ['https://conda.corp.example/ml'],
      );
    });

    it('marks installs in container commands as run time', () => {
      assert.equal(facts('pip install mlflow==2.14.1', 'run').f.packageInstalls[0].atRuntime, true);
      assert.equal(facts('pip install mlflow==2.14.1', 'build').f.packageInstalls[0].atRuntime, false);
    });
  });

  describe('downloads', () => {
    it('records curl and wget downloads with their payload and output', () => {
      const { file, f } = facts(
        'curl -fsSL -o /models/model.safetensors https://x.example/dl?id=7 && wget -q "https://data.example.com/train.csv" -O /data/train.csv && curl -LO https://x.example/cudnn.tar.xz',
      );
      assert.deepEqual(
        f.downloads.map((d) => [d.tool, d.payload, d.verified]),
        [
          ['curl', 'model', false],
          ['wget', 'data', false],
          ['curl', 'archive', false],
        ],
      );
      assert.equal(text(file, f.downloads[1].url.loc), 'https://data.example.com/train.csv');
    });

    for (const [name, check] of [
      ['sha256sum -c', 'echo "<sha>  m.pt" | sha256sum -c -'],
      ['sha512sum --check', 'sha512sum --check m.pt.sha512'],
      ['shasum -a 256 -c', 'shasum -a 256 -c m.pt.sha256'],
      ['sha256sum | grep', 'sha256sum m.pt | grep -q 9f2b1c3d'],
      ['gpg --verify', 'gpg --verify m.pt.asc m.pt'],
      ['cosign verify-blob', 'cosign verify-blob --key cosign.pub --signature m.pt.sig m.pt'],
    ]) {
      it(`counts ${name} in the same script as verification`, () => {
        assert.equal(facts(`curl -fsSLo m.pt https://x.example/m.pt && ${check}`).f.downloads[0].verified, true);
      });
    }

    it('does not count a bare checksum print as verification', () => {
      assert.equal(facts('curl -fsSLo m.pt https://x.example/m.pt && sha256sum m.pt').f.downloads[0].verified, false);
    });

    it('treats Hugging Face downloads as verified only when pinned to a commit', () => {
      const hf = (args: string) => facts(`huggingface-cli download org/model ${args}`).f.downloads[0];
      assert.equal(hf('--revision 8b3219a92973c328a8e22fadcfa821b5dc75636a').verified, true);
      assert.equal(hf('--revision=8b3219a92973c328a8e22fadcfa821b5dc75636a').verified, true);
      assert.equal(hf('--revision main').verified, false);
      assert.equal(hf('--local-dir /models').verified, false);
      assert.deepEqual([hf('').url.value, hf('').payload], ['hf://org/model', 'model']);
    });
  });

  describe('remote execution', () => {
    const execs = (script: string) => facts(script).f.remoteExecs.map((r) => [r.fetcher, r.interpreter, r.url?.value]);

    it('finds fetchers piped, through filters, into interpreters', () => {
      assert.deepEqual(execs('curl -fsSL https://x.example/i.sh | sh'), [['curl', 'sh', 'https://x.example/i.sh']]);
      assert.deepEqual(execs('curl -fsSL https://x.example/i.sh | tee /tmp/i.sh | sudo bash -s -- -y'), [['curl', 'bash', 'https://x.example/i.sh']]);
      assert.deepEqual(execs('wget -qO- https://x.example/get.py | python3 -'), [['wget', 'python3', 'https://x.example/get.py']]);
      assert.deepEqual(execs('curl -fsSL $INSTALLER | sh'), [['curl', 'sh', undefined]]);
    });

    it('finds substitutions run by interpreters', () => {
      assert.deepEqual(execs('bash <(curl -s https://x.example/i.sh)'), [['curl', 'bash', 'https://x.example/i.sh']]);
      assert.deepEqual(execs('sh -c "$(curl -fsSL https://x.example/i.sh)"'), [['curl', 'sh', 'https://x.example/i.sh']]);
      assert.deepEqual(execs('eval "$(wget -O- https://x.example/env)"'), [['wget', 'eval', 'https://x.example/env']]);
      assert.deepEqual(execs('sh -c \'eval "$(curl -fsSL https://x.example/env)"\''), [['curl', 'eval', 'https://x.example/env']]);
      assert.deepEqual(execs("sh -c '$(curl -fsSL https://x.example/cmd)'"), [['curl', 'sh', 'https://x.example/cmd']]);
    });

    it('ignores downloads that are unpacked, hashed, saved or printed', () => {
      assert.deepEqual(execs('curl -fsSL https://x.example/a.tgz | tar -xz'), []);
      assert.deepEqual(execs('curl -fsSL https://x.example/i.sh | sha256sum'), []);
      assert.deepEqual(execs('curl -fsSLo i.sh https://x.example/i.sh && sha256sum -c i.sh.sha256 && sh i.sh'), []);
      assert.deepEqual(execs('curl -fsSLo i.sh https://x.example/i.sh && cat i.sh && sh -n other.sh'), []);
      assert.deepEqual(execs("sh -c 'echo $(curl -fsSL https://x.example/VERSION)'"), []);
    });

    it('finds a download saved to a file and run by a later command', () => {
      assert.deepEqual(execs('curl -fsSLo i.sh https://x.example/i.sh && sh i.sh'), [['curl', 'sh', 'https://x.example/i.sh']]);
      assert.deepEqual(execs('wget https://x.example/setup.run; chmod 0755 setup.run; ./setup.run --silent'), [['wget', 'setup.run', 'https://x.example/setup.run']]);
      assert.deepEqual(execs('curl -O https://x.example/get.py && python3 ./get.py'), [['curl', 'python3', 'https://x.example/get.py']]);
      assert.deepEqual(execs('wget -P /opt/tools https://x.example/tool && /opt/tools/tool --version'), [['wget', '/opt/tools/tool', 'https://x.example/tool']]);
    });
  });

  describe('TLS', () => {
    it('finds flags and environment prefixes that turn verification off', () => {
      const { f } = facts(
        'GIT_SSL_NO_VERIFY=true git clone https://g.example/r && PYTHONHTTPSVERIFY=0 python fetch.py && NODE_TLS_REJECT_UNAUTHORIZED=0 node x.js && ' +
          'export CURL_INSECURE=1 && curl -sk https://x.example && wget --no-check-certificate https://x.example && git -c http.sslVerify=false pull && ' +
          'git config --global http.sslVerify false && aws s3 ls --no-verify-ssl && conda config --set ssl_verify no && npm config set strict-ssl false',
      );
      assert.deepEqual(
        f.tlsDisables.map((t) => t.what),
        [
          'GIT_SSL_NO_VERIFY=true',
          'PYTHONHTTPSVERIFY=0',
          'NODE_TLS_REJECT_UNAUTHORIZED=0',
          'CURL_INSECURE=1',
          'curl -sk (-k)',
          'wget --no-check-certificate',
          'git -c http.sslVerify=false',
          'git config http.sslVerify false',
          'aws --no-verify-ssl',
          'conda config ssl_verify false',
          'npm config set strict-ssl false',
        ],
      );
    });

    it('does not report settings that keep verification on', () => {
      assert.deepEqual(facts('PYTHONHTTPSVERIFY=1 git clone https://g.example/r && curl -fsSL -K curlrc https://x.example').f.tlsDisables, []);
    });

    it('does not take variable names that match built-in object properties for TLS settings', () => {
      assert.deepEqual(facts('constructor=1 toString=0 git clone https://g.example/r && export constructor=1 __proto__=1').f.tlsDisables, []);
      const setting = (name: string, value: string): SettingFact => ({
        name: { value: name, loc: loc(0, name.length) },
        value: { value, loc: loc(name.length + 1, name.length + 1 + value.length) },
        referenced: false,
        origin: 'dockerfile-env',
      });
      assert.deepEqual(factsFromEnvironment([setting('constructor', '1'), setting('hasOwnProperty', '0')], 'build', 'dockerfile-run').tlsDisables, []);
    });

    it('removes -k from combined options and the flag with its blank otherwise', () => {
      const { file, f } = facts('curl -fsSLk https://x.example -o a && curl -k https://x.example -o b && git -c http.sslVerify=false clone https://g.example/r');
      assert.equal(applyEdits(file, f.tlsDisables[0].removal!), 'RUN curl -fsSL https://x.example -o a && curl -k https://x.example -o b && git -c http.sslVerify=false clone https://g.example/r');
      assert.equal(applyEdits(file, f.tlsDisables[1].removal!), 'RUN curl -fsSLk https://x.example -o a && curl https://x.example -o b && git -c http.sslVerify=false clone https://g.example/r');
      assert.equal(applyEdits(file, f.tlsDisables[2].removal!), 'RUN curl -fsSLk https://x.example -o a && curl -k https://x.example -o b && git clone https://g.example/r');
    });

    it('reads package index and TLS settings from the environment', () => {
      const s = (name: string, value: string, at: number): { name: Str; value: Str; referenced: false; origin: 'dockerfile-env' } => ({
        name: { value: name, loc: loc(at, at + name.length) },
        value: { value, loc: loc(at + name.length + 1, at + name.length + 1 + value.length) },
        referenced: false,
        origin: 'dockerfile-env',
      });
      const f = factsFromEnvironment(
        [
          s('PIP_TRUSTED_HOST', 'pypi.corp.example', 0),
          s('PIP_EXTRA_INDEX_URL', 'https://a.example/simple https://b.example/simple', 100),
          s('MLFLOW_TRACKING_URI', 'http://mlflow:5000', 200),
          s('MLFLOW_S3_ENDPOINT_URL', 'http://minio:9000', 300),
          s('MLFLOW_TRACKING_INSECURE_TLS', 'false', 400),
        ],
        'build',
        'dockerfile-run',
      );
      assert.deepEqual(
        f.tlsDisables.map((t) => t.what),
        ['PIP_TRUSTED_HOST=pypi.corp.example'],
      );
      assert.deepEqual(
        f.packageInstalls[0].extraIndexUrls.map((u) => [u.value, u.loc.start]),
        [
          ['https://a.example/simple', 120],
          ['https://b.example/simple', 145],
        ],
      );
      assert.deepEqual(
        f.urls.map((u) => [u.role, u.url.value]),
        [
          ['package-index', 'https://a.example/simple'],
          ['package-index', 'https://b.example/simple'],
          ['tracking-server', 'http://mlflow:5000'],
          ['artifact-store', 'http://minio:9000'],
        ],
      );
    });
  });

  describe('services', () => {
    const services = (script: string) => facts(script, 'run');

    it('reports MLflow on all interfaces without authentication, records it with authentication, and its fix adds basic-auth', () => {
      const { file, f } = services('mlflow server --host 0.0.0.0 --port 5000 && mlflow ui -h :: && mlflow server --host=0.0.0.0 --app-name basic-auth && mlflow server');
      assert.deepEqual(
        f.services.map((s) => [s.service, s.bind, s.authenticated]),
        [
          ['mlflow-server', '0.0.0.0', false],
          ['mlflow-server', '::', false],
          ['mlflow-server', '0.0.0.0', true],
        ],
      );
      assert.equal(
        applyEdits(file, f.services[0].remedy!.edits),
        'RUN mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000 && mlflow ui -h :: && mlflow server --host=0.0.0.0 --app-name basic-auth && mlflow server',
      );
    });

    it('binds the model server, TensorBoard and the Ray dashboard to loopback, inline values included', () => {
      const { file, f } = services('mlflow models serve -m /m --host=0.0.0.0 ; tensorboard --logdir /l --bind_all ; ray start --head --dashboard-host 0.0.0.0');
      assert.deepEqual(
        f.services.map((s) => s.service),
        ['mlflow-models-serve', 'tensorboard', 'ray-head'],
      );
      const fixed = f.services.map((s) => applyEdits(file, s.remedy!.edits));
      assert.equal(fixed[0], 'RUN mlflow models serve -m /m --host=127.0.0.1 ; tensorboard --logdir /l --bind_all ; ray start --head --dashboard-host 0.0.0.0');
      assert.equal(fixed[1], 'RUN mlflow models serve -m /m --host=0.0.0.0 ; tensorboard --logdir /l --host=127.0.0.1 ; ray start --head --dashboard-host 0.0.0.0');
      assert.equal(fixed[2], 'RUN mlflow models serve -m /m --host=0.0.0.0 ; tensorboard --logdir /l --bind_all ; ray start --head --dashboard-host 127.0.0.1');
    });

    it('reports Jupyter only when the token is empty and no password is set', () => {
      const { file, f } = services("jupyter lab --ip=0.0.0.0 --ServerApp.token='' ; jupyter notebook --NotebookApp.password='' ; jupyter lab --ServerApp.token= --ServerApp.password=sha1:abc");
      assert.deepEqual(
        f.services.map((s) => [s.service, s.bind]),
        [['jupyter', '0.0.0.0']],
      );
      assert.equal(
        applyEdits(file, f.services[0].remedy!.edits),
        "RUN jupyter lab --ip=0.0.0.0 ; jupyter notebook --NotebookApp.password='' ; jupyter lab --ServerApp.token= --ServerApp.password=sha1:abc",
      );
    });

    it('ignores services bound to loopback', () => {
      assert.deepEqual(services('mlflow server --host 127.0.0.1 ; tensorboard --logdir /l --host localhost ; ray start --head --dashboard-host=127.0.0.1').f.services, []);
    });
  });
});
