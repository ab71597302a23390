// The status-bar item: scan progress (click to cancel), then the number of mlsec problems, counted
// as the Problems panel counts them.

import * as vscode from 'vscode';
import type { ScanStatus } from '../server/protocol';
import { countProblems, describeCount } from './problem-count';

/** The status-bar item: scan progress (click to cancel), then the number of mlsec problems. */
export class ScanStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlsec.status', vscode.StatusBarAlignment.Left, 50);
  private scanning = false;
  private countTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.item.name = 'mlsec';
  }

  update(s: ScanStatus): void {
    this.scanning = s.state !== 'done';
    if (!this.scanning) {
      this.showCount();
      return;
    }
    this.item.text = s.total ? `$(sync~spin) mlsec: ${s.done}/${s.total}` : '$(sync~spin) mlsec: scanning';
    this.item.tooltip = 'mlsec is scanning the workspace. Click to cancel.';
    this.item.command = 'mlsec.cancelScan';
    this.item.show();
  }

  /** Recounts after diagnostics change, at most a few times a second. */
  diagnosticsChanged(): void {
    if (this.scanning || this.countTimer) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      if (!this.scanning) this.showCount();
    }, 250);
  }

  private showCount(): void {
    const { text, tooltip } = describeCount(countProblems(vscode.languages.getDiagnostics().map(([, diags]) => diags)));
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.countTimer);
    this.item.dispose();
  }
}
