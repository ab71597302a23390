// The HTML page of the threat-model webview: a strict Content-Security-Policy (nothing but the
// bundle's own script, styles and font, the script allowed by a fresh nonce) and no data in the
// markup: the model arrives later by message. Free of `vscode` so tests can render the same page.

import { randomBytes } from 'node:crypto';

export interface ThreatModelPage {
  /** URIs the webview may load, already converted with `asWebviewUri`. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** The webview's `cspSource`. */
  cspSource: string;
  nonce: string;
}

/** A nonce for one page load, from the operating system's random source. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function threatModelHtml(p: ThreatModelPage): string {
  const nonce = attr(p.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.codiconUri)}" id="vscode-codicon-stylesheet" nonce="${nonce}">
<link rel="stylesheet" href="${attr(p.styleUri)}" nonce="${nonce}">
<title>mlsec threat model</title>
</head>
<body>
<script nonce="${nonce}" src="${attr(p.scriptUri)}"></script>
</body>
</html>
`;
}
