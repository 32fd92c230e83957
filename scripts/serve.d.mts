/** A running demo server. */
export interface DemoServer {
  /** The root URL, such as `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts the demo server and announces its URL through `log` (default `console.log`); `port: 0`
 * picks a free port, otherwise a taken port moves on to the next few.
 */
export function startServer(options?: { port?: number; host?: string; log?: (message: string) => void }): Promise<DemoServer>;
