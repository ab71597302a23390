// Whether a YAML file is a Helm (Go template) file: some template action stands where YAML
// structure is, not inside a string. An action inside a quoted scalar, inside a plain scalar that
// begins with other text (`description: set {{ .Values.x }}`), inside a block scalar's body or in a
// comment leaves the file valid YAML, and it is read as such.

/** A Helm action: `{{-`, `-}}` or an action on Helm's objects, keywords and functions. */
const HELM = /^\{\{-|^\{\{\s*(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|if\b|else\b|end\b|range\b|include\b|template\b|define\b|with\b|toYaml\b|tpl\b|\/\*)|^\{\{[^}]*-\}\}/;

/** Where a value may start on a line: after the indentation and any `- ` and `key: ` prefixes. */
const PREFIX = /^[ \t]*(?:-[ \t]+)*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{][^:#]*?)[ \t]*:[ \t]+(?:-[ \t]+)*)?/;

/** A line that opens a block scalar: `key: |`, `- >-`, `key: |2 # note`. */
const BLOCK_OPENER = /(?:^|[ \t]|:)[|>][-+0-9]*[ \t]*(?:#.*)?$/;

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/** The start of a line's value when it is a template action standing outside any string. */
function actionAtValue(line: string): boolean {
  const rest = line.slice(PREFIX.exec(line)![0].length);
  if (HELM.test(rest)) return true;
  // Flow collections: `[{{ .Values.a }}, b]`, `{k: {{ .Values.v }}}`.
  if (!/^[[{]/.test(rest)) return false;
  for (const m of rest.matchAll(/(?:[[{,]|:[ \t])[ \t]*(?=\{\{)/g)) if (HELM.test(rest.slice(m.index + m[0].length))) return true;
  return false;
}

export function isHelmTemplate(text: string): boolean {
  if (!text.includes('{{')) return false;
  let blockIndent = -1;
  for (const line of text.split(/\r?\n|\r/)) {
    const indent = indentOf(line);
    if (blockIndent >= 0) {
      if (!line.trim() || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (/^[ \t]*#/.test(line)) continue;
    if (line.includes('{{') && actionAtValue(line)) return true;
    if (BLOCK_OPENER.test(line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""'))) blockIndent = indent;
  }
  return false;
}
