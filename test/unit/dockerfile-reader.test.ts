// Unit tests of the Dockerfile reader: stages, images, variable scoping, commands and bad input.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import type { ParsedDocument } from '../../src/core/document';
import { isDigest, parseImageParts } from '../../src/core/facts/image';
import { allCommands, identityMap } from '../../src/core/shell/parse';
import type { DockerfileFact } from '../../src/core/facts/dockerfile';
import { dockerfileReader, isDockerfilePath, parseExecForm } from '../../src/core/formats/dockerfile/reader';
import type { Loc } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';
import { PYTHON, PYTHON_DIGEST } from '../helpers/docker';

function read(text: string): { doc: ParsedDocument; model: DockerfileFact; text: string } {
  const docs = dockerfileReader.parse(new SourceFile('Dockerfile', text), { config: defaultConfig() }) as ParsedDocument[];
  assert.equal(docs.length, 1);
  return { doc: docs[0], model: docs[0].ast as DockerfileFact, text };
}

const slice = (text: string, loc: Loc) => text.slice(loc.start, loc.end);
/** The words of every command the file's scripts run, by origin. */
function commands(doc: ParsedDocument, origin?: string): string[][] {
  return doc.facts.scripts.filter((s) => !origin || s.origin === origin).flatMap((s) => [...allCommands(s.script)].map((c) => c.words.map((w) => w.value)));
}

describe('dockerfile reader', () => {
  it('claims Dockerfile and Containerfile names only', () => {
    const config = defaultConfig();
    assert.deepEqual(dockerfileReader.parse(new SourceFile('Dockerfile.md', '# Notes\nWe build FROM python.\n'), { config }), []);
    assert.equal((dockerfileReader.parse(new SourceFile('Dockerfile', '# Notes\n'), { config }) as ParsedDocument[]).length, 1);
    for (const p of ['Dockerfile', 'docker/Dockerfile.gpu', 'serve.Dockerfile', 'ci/train.dockerfile', 'Containerfile', 'Dockerfile-cuda', 'x.docker']) assert.ok(isDockerfilePath(p), p);
    for (const p of ['Dockerfile.md/README', 'dockerfiles.txt', 'src/docker.py']) assert.ok(!isDockerfilePath(p), p);
  });

  describe('stages', () => {
    it('names stages, links FROM <stage> in any case, and marks scratch', () => {
      const { doc, model } = read(`FROM --platform=$BUILDPLATFORM ${PYTHON} AS Builder
RUN pip wheel -w /w onnx==1.16.1
from builder as test
FROM scratch AS export
COPY --from=builder /w /w
FROM BUILDER
`);
      assert.deepEqual(
        model.stages.map((s) => [s.index, s.name, s.baseStage, s.scratch, !!s.image]),
        [
          [0, 'Builder', undefined, false, true],
          [1, 'test', 0, false, false],
          [2, 'export', undefined, true, false],
          [3, undefined, 0, false, false],
        ],
      );
      assert.deepEqual(
        doc.facts.workloads.map((w) => [w.id, w.name, w.kind, w.dependsOn]),
        [
          ['Dockerfile#stage-0', 'Builder', 'image-build', []],
          ['Dockerfile#stage-1', 'test', 'image-build', ['Dockerfile#stage-0']],
          ['Dockerfile#stage-2', 'export', 'image-build', []],
          ['Dockerfile#stage-3', 'stage 3', 'image-build', ['Dockerfile#stage-0']],
        ],
      );
      assert.deepEqual(
        doc.facts.images.map((i) => i.workloadId),
        ['Dockerfile#stage-0'],
      );
    });

    it('ends each stage where the next FROM begins and the last one at the end of the file', () => {
      const text = `FROM ${PYTHON} AS a\nRUN echo a\nFROM a\nRUN echo b`;
      const { model } = read(text);
      assert.equal(model.stages[0].endOffset, text.indexOf('FROM a'));
      assert.equal(model.stages[1].endOffset, text.length);
      assert.equal(slice(text, model.stages[1].fromLoc), 'FROM a');
      assert.deepEqual([model.finalNewline, model.eol, model.escape], [false, '\n', '\\']);
    });

    it('records USER per stage, resolved where possible', () => {
      const { model } = read(`FROM ${PYTHON}\nARG UID=10001\nUSER root\nUSER \${UID}:\${GID}\nUSER \${UID}\n`);
      assert.deepEqual(
        model.stages[0].users.map((u) => [u.value, u.dynamic]),
        [
          ['root', false],
          ['10001:${GID}', true],
          ['10001', false],
        ],
      );
    });

    it('records the ids of secret mounts', () => {
      const { model } = read(`FROM ${PYTHON}\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli whoami\nRUN --mount=type=secret,id=aws echo\n`);
      assert.deepEqual(model.stages[0].secretMounts, ['hf_token', 'aws']);
    });
  });

  describe('images', () => {
    it('splits references with registries, ports, tags and digests', () => {
      assert.deepEqual(parseImageParts('python'), { repository: 'python' });
      assert.deepEqual(parseImageParts('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime'), { repository: 'pytorch/pytorch', tag: '2.3.1-cuda12.1-cudnn8-runtime' });
      assert.deepEqual(parseImageParts('registry.internal:5000/ml/trainer'), { registry: 'registry.internal:5000', repository: 'ml/trainer' });
      assert.deepEqual(parseImageParts(`localhost:5000/serve:1.2@${PYTHON_DIGEST}`), { registry: 'localhost:5000', repository: 'serve', tag: '1.2', digest: PYTHON_DIGEST });
      assert.deepEqual(parseImageParts('nvcr.io/nvidia/tritonserver:24.07-py3'), { registry: 'nvcr.io', repository: 'nvidia/tritonserver', tag: '24.07-py3' });
      assert.ok(isDigest(PYTHON_DIGEST));
      for (const bad of ['sha256:1234', `sha1:${'a'.repeat(40)}`, PYTHON_DIGEST.toUpperCase(), undefined]) assert.ok(!isDigest(bad), String(bad));
    });

    it('resolves FROM with global ARGs only, keeping the written text and its location', () => {
      const text = `ARG REGISTRY=registry.internal:5000\nARG TAG\nFROM \${REGISTRY}/ml/trainer:\${TAG:-1.4} AS train\nARG LOCAL=python:3.12\nFROM $LOCAL\n`;
      const { doc } = read(text);
      const [train, local] = doc.facts.images;
      assert.deepEqual(
        [train.raw, train.resolved, train.registry, train.repository, train.tag, train.unresolved],
        ['${REGISTRY}/ml/trainer:${TAG:-1.4}', 'registry.internal:5000/ml/trainer:1.4', 'registry.internal:5000', 'ml/trainer', '1.4', false],
      );
      assert.equal(slice(text, train.loc), train.raw);
      assert.deepEqual([local.raw, local.unresolved], ['$LOCAL', true]);
      assert.equal(train.role, 'build-base');
    });
  });

  describe('ARG and ENV', () => {
    const text = `ARG PY=3.11
ARG HF_TOKEN
FROM python:\${PY}-slim AS base
ARG PY
ARG EXTRAS=cuda
ENV TORCH=2.3.1 LABEL="two words" PY_TAG=py\${PY}
ENV LEGACY value with  spaces
ENV CUDA_HOME=/usr/local/cuda
RUN echo $PY $EXTRAS $TORCH $LABEL $PY_TAG $LEGACY $HF_TOKEN
CMD echo $PY $TORCH
FROM base AS child
RUN echo $PY $EXTRAS $TORCH $LEGACY $CUDA_HOME
FROM python:3.12
RUN echo $PY $TORCH
`;

    it('scopes global ARGs to FROM and to stages that redeclare them', () => {
      const { model, doc } = read(text);
      assert.deepEqual(
        model.globalArgs.map((a) => a.value),
        ['PY', 'HF_TOKEN'],
      );
      const runs = commands(doc, 'dockerfile-run');
      assert.deepEqual(runs[0], ['echo', '3.11', 'cuda', '2.3.1', 'two words', 'py3.11', 'value with  spaces', '$HF_TOKEN']);
    });

    it('carries ENV, not ARG, into a stage built FROM <stage>, and nothing into an unrelated stage', () => {
      const runs = commands(read(text).doc, 'dockerfile-run');
      assert.deepEqual(runs[1], ['echo', '$PY', '$EXTRAS', '2.3.1', 'value with  spaces', '/usr/local/cuda']);
      assert.deepEqual(runs[2], ['echo', '$PY', '$TORCH']);
    });

    it('gives a running container only the ENV values', () => {
      assert.deepEqual(commands(read(text).doc, 'dockerfile-cmd'), [['echo', '$PY', '2.3.1']]);
    });

    it('records settings with values located inside their quotes, the legacy form included', () => {
      const { doc } = read(text);
      const s = doc.facts.settings.map((x) => [x.origin, x.name.value, x.value?.value, x.value ? slice(text, x.value.loc) : undefined, x.workloadId]);
      assert.deepEqual(s, [
        ['dockerfile-arg', 'PY', '3.11', '3.11', undefined],
        ['dockerfile-arg', 'HF_TOKEN', undefined, undefined, undefined],
        ['dockerfile-arg', 'PY', undefined, undefined, 'Dockerfile#stage-0'],
        ['dockerfile-arg', 'EXTRAS', 'cuda', 'cuda', 'Dockerfile#stage-0'],
        ['dockerfile-env', 'TORCH', '2.3.1', '2.3.1', 'Dockerfile#stage-0'],
        ['dockerfile-env', 'LABEL', 'two words', 'two words', 'Dockerfile#stage-0'],
        ['dockerfile-env', 'PY_TAG', 'py3.11', 'py${PY}', 'Dockerfile#stage-0'],
        ['dockerfile-env', 'LEGACY', 'value with  spaces', 'value with  spaces', 'Dockerfile#stage-0'],
        ['dockerfile-env', 'CUDA_HOME', '/usr/local/cuda', '/usr/local/cuda', 'Dockerfile#stage-0'],
      ]);
    });
  });

  it('keeps the blanks of a legacy ENV value, across a CRLF continuation', () => {
    const { doc } = read(`FROM ${PYTHON}\r\nENV NCCL_FLAGS -x NCCL_DEBUG=INFO \\\r\n    -x NCCL_IB_DISABLE=1\r\n`);
    assert.equal(doc.facts.settings[0].value?.value, '-x NCCL_DEBUG=INFO     -x NCCL_IB_DISABLE=1');
  });

  describe('commands', () => {
    it('reads RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD with their phase, but not HEALTHCHECK NONE', () => {
      const { doc } = read(`FROM ${PYTHON}
RUN pip install mlflow==2.14.1
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:5000/health || exit 1
HEALTHCHECK NONE
ENTRYPOINT ["mlflow"]
CMD ["server", "--host", "127.0.0.1"]
`);
      assert.deepEqual(
        doc.facts.scripts.map((s) => [s.origin, s.phase, s.script.commands[0].words[0].value]),
        [
          ['dockerfile-run', 'build', 'pip'],
          ['dockerfile-cmd', 'run', 'curl'],
          ['dockerfile-entrypoint', 'run', 'mlflow'],
          ['dockerfile-cmd', 'run', 'server'],
        ],
      );
    });

    it('detects exec form, escaped quotes included, and locates each string inside its quotes', () => {
      const text = `FROM ${PYTHON}\nCMD ["python", "-c", "print(\\"ready\\")", "C:\\\\models"]\n`;
      const { doc } = read(text);
      const words = doc.facts.scripts[0].script.commands[0].words;
      assert.deepEqual(
        words.map((w) => w.value),
        ['python', '-c', 'print("ready")', 'C:\\models'],
      );
      assert.deepEqual(
        words.map((w) => slice(text, w.loc)),
        ['python', '-c', 'print(\\"ready\\")', 'C:\\\\models'],
      );
      assert.equal(doc.facts.scripts[0].script.commands[0].argv, 'json');
    });

    it('runs text that is not a JSON array with the shell', () => {
      for (const cmd of [`['python', 'serve.py']`, '["python", "serve.py",]', '["python" "serve.py"]', '[python, serve.py]']) {
        const { doc } = read(`FROM ${PYTHON}\nCMD ${cmd}\n`);
        assert.equal(doc.facts.scripts[0].script.commands[0].argv, undefined, cmd);
      }
    });

    it('reads exec form continued over lines, with a backslash or a backtick escape', () => {
      for (const text of [
        `FROM ${PYTHON}\nCMD ["mlflow", "server", \\\r\n    "--host", "0.0.0.0"]\n`,
        `# escape=\`\nFROM ${PYTHON}\nCMD ["mlflow", "server", \`\n    # the bind address\n    "--host", "0.0.0.0"]\n`,
      ]) {
        const { doc } = read(text);
        const words = doc.facts.scripts[0].script.commands[0].words;
        assert.deepEqual(
          words.map((w) => w.value),
          ['mlflow', 'server', '--host', '0.0.0.0'],
        );
        assert.deepEqual(
          words.map((w) => slice(text, w.loc)),
          ['mlflow', 'server', '--host', '0.0.0.0'],
        );
      }
    });

    it('parses exactly the bytes of the file through continuations, comment lines and CRLF', () => {
      const text = `FROM ${PYTHON}\r\nRUN apt-get update \\\r\n    # pinned tools\r\n && pip install \\\r\n      torch==2.3.1 \\\r\n      "numpy==1.26.4"\r\n`;
      const { doc } = read(text);
      const cmds = [...allCommands(doc.facts.scripts[0].script)];
      assert.deepEqual(
        cmds.map((c) => c.words.map((w) => w.value)),
        [
          ['apt-get', 'update'],
          ['pip', 'install', 'torch==2.3.1', 'numpy==1.26.4'],
        ],
      );
      for (const c of cmds) for (const w of c.words) assert.equal(slice(text, w.loc), w.raw);
    });

    it('reads a backtick-escape file, where backslashes are ordinary characters for the shell', () => {
      const { doc, model } = read('# escape=`\nFROM python:3.11\nRUN pip install `\n    torch==2.3.1 `\n    numpy==1.26.4\n');
      assert.equal(model.escape, '`');
      assert.deepEqual(commands(doc, 'dockerfile-run'), [['pip', 'install', 'torch==2.3.1', 'numpy==1.26.4']]);
    });

    it('parses RUN heredocs as scripts with exact offsets, but not heredocs written to files', () => {
      const text = `FROM ${PYTHON}\nRUN <<EOF\nset -e\npip install ray==2.34.0\nEOF\nRUN <<-'EOT' bash\n\tcurl -fsSL https://x.example/i.sh | sh\n\tEOT\nRUN cat <<EOF > /etc/pip.conf\n[global]\nEOF\n`;
      const { doc } = read(text);
      assert.deepEqual(commands(doc, 'dockerfile-run'), [['set', '-e'], ['pip', 'install', 'ray==2.34.0'], ['bash'], ['curl', '-fsSL', 'https://x.example/i.sh'], ['sh'], ['cat']]);
      const pip = [...allCommands(doc.facts.scripts[0].script)][1];
      assert.equal(slice(text, pip.loc), 'pip install ray==2.34.0');
      assert.equal(doc.facts.remoteExecs.length, 1);
      assert.deepEqual(doc.notes, []);
    });

    it('stops reading POSIX shell after SHELL switches to PowerShell or cmd, until a POSIX shell or a new stage', () => {
      const { doc } = read(`# escape=\`
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest https://x.example/a.zip -OutFile a.zip ; curl -k https://x.example
SHELL ["cmd", "/S", "/C"]
RUN curl -k https://x.example
CMD ["curl", "-k", "https://x.example/exec"]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN echo bash
FROM ${PYTHON}
RUN echo posix
`);
      assert.deepEqual(commands(doc), [
        ['curl', '-k', 'https://x.example/exec'],
        ['echo', 'bash'],
        ['echo', 'posix'],
      ]);
      assert.deepEqual(
        doc.facts.tlsDisables.map((t) => t.what),
        ['curl -k'],
      );
    });

    it('reads ADD sources: URLs only, in both forms, with the checksum flag', () => {
      const text = `FROM ${PYTHON}
ADD --chown=10001 https://x.example/m.pt https://x.example/labels.json /models/
ADD ["https://x.example/train.parquet", "/data/"]
ADD --checksum=sha256:${PYTHON_DIGEST.slice(7)} https://x.example/cudnn.tar.xz /opt/
ADD local/ https://x.example/not-a-source/
`;
      const { doc } = read(text);
      assert.deepEqual(
        doc.facts.downloads.map((d) => [d.tool, slice(text, d.url.loc), d.payload, d.verified, !!d.remedy]),
        [
          ['add', 'https://x.example/m.pt', 'model', false, true],
          ['add', 'https://x.example/labels.json', 'data', false, true],
          ['add', 'https://x.example/train.parquet', 'data', false, true],
          ['add', 'https://x.example/cudnn.tar.xz', 'archive', true, false],
        ],
      );
      assert.deepEqual(
        doc.facts.urls.map((u) => u.role),
        ['add-source', 'add-source', 'add-source', 'add-source'],
      );
    });

    it('exports parseExecForm for the strings of a JSON array', () => {
      const strings = parseExecForm('  ["a", "b c"]  ', identityMap('f', 10));
      assert.deepEqual(
        strings?.map((s) => [s.value, s.loc.start, s.loc.end]),
        [
          ['a', 14, 15],
          ['b c', 19, 22],
        ],
      );
      assert.deepEqual(parseExecForm('[]', identityMap('f', 0)), []);
      assert.equal(parseExecForm('echo [a]', identityMap('f', 0)), undefined);
    });
  });

  describe('notes', () => {
    it('says an empty file has nothing to analyse', () => {
      const { doc } = read('\n  \n');
      assert.deepEqual(
        doc.notes.map((n) => [n.level, n.message]),
        [['info', 'empty Dockerfile: nothing to analyse']],
      );
    });

    it('warns when there is no FROM', () => {
      const { doc } = read('# base image comes from the CI template\nRUN pip install torch==2.3.1\n');
      assert.deepEqual(
        doc.notes.map((n) => [n.level, n.message]),
        [['warning', 'no FROM instruction: this is not a buildable Dockerfile']],
      );
      assert.deepEqual(commands(doc), [['pip', 'install', 'torch==2.3.1']]);
    });

    it('warns about an unterminated heredoc or quote, and still reads what it can', () => {
      for (const text of [`FROM ${PYTHON}\nRUN <<EOF\npip install torch==2.3.1\n`, `FROM ${PYTHON}\nRUN echo "unterminated && pip install torch==2.3.1\nUSER 10001\n`]) {
        const { doc, model } = read(text);
        assert.deepEqual(
          doc.notes.map((n) => [n.level, n.message]),
          [['warning', 'RUN has an unterminated quote or heredoc; the rest of the instruction was read as far as possible']],
        );
        assert.equal(slice(text, doc.notes[0].loc!).startsWith('RUN'), true);
        assert.equal(model.stages.length, 1);
      }
    });
  });

  describe('hostile input', () => {
    function survives(text: string): ParsedDocument {
      let doc: ParsedDocument | undefined;
      assert.doesNotThrow(() => {
        doc = read(text).doc;
      });
      return doc!;
    }

    it('reads binary garbage decoded as text without throwing', () => {
      let seed = 42;
      const bytes = Array.from({ length: 200_000 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return String.fromCharCode(seed & 0xff);
      }).join('');
      const doc = survives(bytes);
      assert.ok(doc.notes.length >= 1);
    });

    it('reads a 20,000-line file', () => {
      const lines = Array.from({ length: 20_000 }, (_, i) => `RUN pip install pkg${i}==1.0 && curl -fsSL https://x.example/${i}.sh | sh`);
      const doc = survives(`FROM ${PYTHON}\n${lines.join('\n')}\n`);
      assert.equal(doc.facts.scripts.length, 20_000);
      assert.equal(doc.facts.remoteExecs.length, 20_000);
    });

    it('reads a line of 1 MB', () => {
      const doc = survives(`FROM ${PYTHON}\nRUN echo ${'a'.repeat(1 << 20)}\n`);
      assert.equal(doc.facts.scripts[0].script.commands[0].words[1].value.length, 1 << 20);
    });

    it('reads deeply nested substitutions, groups and unterminated openers', () => {
      for (const body of ['echo ' + '$( ('.repeat(5000) + 'x' + '))'.repeat(5000), '$('.repeat(20_000), 'sh -c "'.repeat(3000), '<<E '.repeat(5000), '"\'`'.repeat(30_000)]) {
        const doc = survives(`FROM ${PYTHON}\nRUN ${body}\n`);
        assert.equal(doc.facts.scripts.length, 1);
      }
    });

    it('reads NUL bytes and lone CR line breaks', () => {
      const doc = survives('FROM python:3.11\0\nRUN \0 curl -k https://x.example\rUSER root\r');
      assert.ok(Array.isArray(doc.facts.scripts));
    });
  });
});
