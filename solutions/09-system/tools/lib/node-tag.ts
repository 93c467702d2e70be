// [n1], [n2], … in a color per node, so interleaved lines from several nodes stay readable.
import pc from "picocolors";

const nodeColors = [pc.cyan, pc.magenta, pc.yellow, pc.green, pc.blue, pc.red];

export function nodeTag(id: number): string {
  const color = nodeColors[(id - 1) % nodeColors.length] ?? pc.white;
  return color(`[n${id}]`);
}
