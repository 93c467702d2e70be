#!/usr/bin/env node
// Entry point of `pnpm course`. Each command lives in its own file under commands/.
import { startersCommand } from "./commands/starters.ts";

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === "starters") {
    const mode = rest.includes("--check") ? "check" : rest.includes("--update") ? "update" : "pristine";
    return startersCommand(mode);
  }
  console.error(`course: unknown command '${command ?? ""}'`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
