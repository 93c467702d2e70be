// The node processes of one cluster, by id: what 09's test cluster (exercises/09-system/test/
// processes.ts) and its tools' LocalCluster share. Each node runs as `<program> --id N --config
// <file>`; how it is spawned (output kept, own process group, hooks, cleanup) and where its config
// lives are the subclass's.
import type { NodeProcess } from "./node-process.ts";

export abstract class NodeCluster {
  /** The last process started for each id (possibly exited). */
  readonly nodes = new Map<number, NodeProcess>();

  abstract get ids(): readonly number[];

  /** The config file node id starts with. */
  protected abstract configFileOf(id: number): string;

  /** Spawns node id's process with these arguments. */
  protected abstract spawn(id: number, args: readonly string[]): NodeProcess;

  start(id: number): NodeProcess {
    const node = this.spawn(id, ["--id", String(id), "--config", this.configFileOf(id)]);
    this.nodes.set(id, node);
    return node;
  }

  startAll(): void {
    for (const id of this.ids) this.start(id);
  }

  /** SIGKILL, as a power cut: nothing flushed. */
  async kill(id: number): Promise<void> {
    await this.nodes.get(id)?.kill();
  }
}
