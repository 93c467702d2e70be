// How each command-line program of the course ends (01's kv-server, 09's node, the viewer): run
// main, exit with its code, and stop cleanly on Ctrl-C or SIGTERM. One copy, so the three agree.

/**
 * Runs `main`. A code other than 0 exits with it; 0 leaves the process to its servers, which run
 * until a signal stops them (stopOnSignals). A thrown error is a bug: printed with its stack after
 * the program's name, exit 1.
 */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (cause: unknown) => {
      const shown = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
      console.error(`${name}: ${shown}`);
      process.exit(1);
    },
  );
}

/**
 * On the first SIGINT or SIGTERM, runs `close`, then exits 0. Signals while it closes are ignored
 * (process.on, not once): a second Ctrl-C must not kill a node halfway through closing.
 */
export function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
