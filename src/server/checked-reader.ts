// A message reader that checks every incoming request's and notification's parameters against
// the table in params.ts before the connection dispatches it. A request with malformed parameters
// is answered at once with an InvalidParams error; a notification with them is dropped and
// reported to `onRejected`. Checking here, below the connection, covers the methods the LSP
// library handles itself (initialize, document synchronisation) as well as the server's own.

import { Emitter, ErrorCodes, type DataCallback, type Disposable, type Event, type Message, type MessageReader, type MessageWriter, type PartialMessageInfo } from 'vscode-languageserver/node';
import { paramsProblem } from './params';

export interface Rejection {
  method: string;
  problem: string;
}

export class CheckedReader implements MessageReader {
  private readonly rejected = new Emitter<Rejection>();

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get onError(): Event<Error> {
    return this.inner.onError;
  }

  get onClose(): Event<void> {
    return this.inner.onClose;
  }

  get onPartialMessage(): Event<PartialMessageInfo> {
    return this.inner.onPartialMessage;
  }

  /** Raised for every notification dropped because of its parameters. */
  get onRejected(): Event<Rejection> {
    return this.rejected.event;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.accept(message)) callback(message);
    });
  }

  dispose(): void {
    this.rejected.dispose();
    this.inner.dispose();
  }

  private accept(message: Message): boolean {
    const m = message as { method?: unknown; params?: unknown; id?: unknown };
    if (typeof m.method !== 'string') return true;
    const problem = paramsProblem(m.method, m.params);
    if (!problem) return true;
    const hasId = typeof m.id === 'string' || typeof m.id === 'number';
    if (hasId) {
      const answer = { jsonrpc: '2.0', id: m.id as string | number, error: { code: ErrorCodes.InvalidParams, message: `${m.method}: ${problem}` } };
      void this.writer.write(answer).catch(() => undefined);
    } else {
      this.rejected.fire({ method: m.method, problem });
    }
    return false;
  }
}
