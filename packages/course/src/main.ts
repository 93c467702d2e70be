#!/usr/bin/env node
// Entry point of `pnpm course`. Each command lives in its own file under commands/.
import { startersCommand } from "./commands/starters.ts";
import { findStage, listStages } from "./stages.ts";

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === "starters") {
    const mode = rest.includes("--check")
      ? "check"
      : rest.includes("--update")
        ? "update"
        : "pristine";
    const names = rest.filter((arg) => !arg.startsWith("--"));
    const all = listStages();
    const stages = names.length === 0 ? all : names.map((name) => findStage(all, name));
    if (stages.some((stage) => stage === undefined)) {
      console.error(`course: unknown stage in '${names.join(" ")}'`);
      return 2;
    }
    return startersCommand(
      mode,
      stages.filter((stage) => stage !== undefined),
    );
  }
  console.error(`course: unknown command '${command ?? ""}'`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
