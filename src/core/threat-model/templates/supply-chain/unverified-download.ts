// The supply-chain.unverified-download threat template: code or a model fetched from a URL is used
// without checking it against a known checksum.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'supply-chain.unverified-download',
  target: 'flow',
  match: (f, v) => f.kind === 'download' && !v.carries(f, 'dataset'),
  title: (f, v) => (f.executes ? `Remote script executed on ${v.label(f)}` : `Unverified download on ${v.label(f)}`),
  severity: (f, v) => (f.executes || v.carries(f, 'model') ? 'high' : 'medium'),
  description: 'Code or a model fetched from a URL is used without checking it against a known checksum; piping it into a shell runs whatever the server returns.',
  impact: 'A compromised or spoofed server runs code in the build or step, or plants a backdoored model.',
  mitigation: 'Verify a pinned checksum in the same step (`ADD --checksum=sha256:…`, `sha256sum -c`), pin model downloads to a commit, and never pipe downloads into an interpreter.',
  detection:
    'Applies to downloads of code, archives and models. Open when an unverified download, remote script execution or unpinned model download is reported; mitigated when a checksum is verified.',
  falsePositives: 'Downloads whose integrity is checked by a signed manifest verified later in the same step.',
  stride: ['T', 'E'],
  atlas: ['AML.T0010.001', 'AML.T0010.003'],
  owasp: ['ML06'],
  cwe: ['CWE-494'],
  references: [`${ATLAS}AML.T0010`, 'https://docs.docker.com/reference/dockerfile/#add---checksum'],
  rules: ['supply-chain/unverified-download', 'supply-chain/remote-script-execution', 'transport/tls-verification-disabled', 'transport/plaintext-http'],
  mitigatedBy: [['checksum-verified']],
  blocked: (f) => (f.executes ? 'the download is executed by an interpreter' : undefined),
});
