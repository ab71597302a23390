// CI template expressions inside shell scripts: GitHub's `${{ … }}`. The CI runner replaces them
// before the shell sees the script, so they are one opaque, unknown value to the shell parser.

const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g;

/** Characters that would make the shell parser read structure into an expression's text. */
const SHELL_SPECIAL = /['"`\\{}$()<>|&;#\n\r]/g;

/**
 * The script with each `${{ … }}` kept as `${{…}}` but its inside made inert for the shell
 * (quotes, braces, operators become `_`), so the expression parses as one dynamic word in place.
 * The result has the script's length, so every offset still points at the same character.
 */
export function maskExpressions(script: string): string {
  if (!script.includes('${{')) return script;
  return script.replace(EXPRESSION, (m) => `\${{${m.slice(3, -2).replace(SHELL_SPECIAL, '_')}}}`);
}

/** Whether a value is, or holds, a template expression (`${{ secrets.X }}`, `${{ env.Y }}`). */
export function hasExpression(value: string): boolean {
  return value.includes('${{');
}
