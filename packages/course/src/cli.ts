// The command table of `pnpm course`: each command's options, one-line summary and handler.

import { diffCommand } from "./commands/diff.ts";
import { graphCommand } from "./commands/graph.ts";
import { hintCommand } from "./commands/hint.ts";
import { replaceCommand } from "./commands/replace.ts";
import { restoreCommand } from "./commands/restore.ts";
import { runCommand } from "./commands/run.ts";
import { startersCommand } from "./commands/starters.ts";
import { statusCommand } from "./commands/status.ts";
import { testCommand, watchCommand } from "./commands/test.ts";
import { verifyCommand } from "./commands/verify.ts";
import { listStages, repoRoot, type Stage } from "./stages.ts";
import { StarterMarkerError } from "./starters.ts";
import { type CommandSpec, parseCommandArgs, resolveStage, UsageError } from "./usage.ts";

interface Context {
  root: string;
  stages: Stage[];
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Arguments after the first `--` (for `run`). */
  rest: string[];
}

interface Command {
  usage: string;
  summary: string;
  options: CommandSpec["options"];
  positionals: CommandSpec["positionals"];
  note?: string;
  run: (context: Context) => number | Promise<number>;
}

// A missing stage is reported by resolveStage, which lists the stages to choose from.
const stageArg = { min: 0, max: 1, label: "stage" };
const stagesArg = { min: 0, max: Number.POSITIVE_INFINITY, label: "stages" };
const noArgs = { min: 0, max: 0, label: "" };

const stage = (context: Context, command: string) =>
  resolveStage(context.stages, context.positionals[0], command);
const stageList = (context: Context, command: string) => {
  if (context.positionals.length === 0) return context.stages;
  const chosen = new Set(
    context.positionals.map((name) => resolveStage(context.stages, name, command)),
  );
  return context.stages.filter((s) => chosen.has(s));
};
const flag = (context: Context, name: string) => context.values[name] === true;

export const commands: Record<string, Command> = {
  status: {
    usage: "status [--refresh]",
    summary: "your progress per stage and what to do next",
    options: { refresh: { type: "boolean" } },
    positionals: noArgs,
    run: (c) => statusCommand(c.root, c.stages, flag(c, "refresh")),
  },
  test: {
    usage: "test <stage> [--all] [--solution] [--previous] [-t <name>]",
    summary: "run a stage's tests on your code (one screen; --all: every failure)",
    options: {
      all: { type: "boolean" },
      solution: { type: "boolean" },
      previous: { type: "boolean" },
      name: { type: "string", short: "t" },
    },
    positionals: stageArg,
    run: (c) =>
      testCommand(c.root, c.stages, stage(c, "test"), {
        solution: flag(c, "solution"),
        previous: flag(c, "previous"),
        all: flag(c, "all"),
        namePattern: typeof c.values.name === "string" ? c.values.name : undefined,
      }),
  },
  watch: {
    usage: "watch <stage> [--solution]",
    summary: "re-run a stage's tests on every save",
    options: { solution: { type: "boolean" } },
    positionals: stageArg,
    run: (c) => watchCommand(c.root, stage(c, "watch"), flag(c, "solution")),
  },
  hint: {
    usage: "hint <stage> [--reset]",
    summary: "the next hint, one per call, then the answers",
    options: { reset: { type: "boolean" } },
    positionals: stageArg,
    run: (c) => hintCommand(c.root, stage(c, "hint"), flag(c, "reset")),
  },
  diff: {
    usage: "diff <stage> [file]",
    summary: "your code against the reference solution (one file, or all)",
    options: {},
    positionals: { min: 0, max: 2, label: "stage and file" },
    run: (c) => diffCommand(stage(c, "diff"), c.positionals[1]),
  },
  adopt: {
    usage: "adopt <stage>",
    summary: "take the reference solution (yours is backed up)",
    options: {},
    positionals: stageArg,
    run: (c) => replaceCommand(c.root, stage(c, "adopt"), "adopt"),
  },
  reset: {
    usage: "reset <stage>",
    summary: "back to the starter code (yours is backed up)",
    options: {},
    positionals: stageArg,
    run: (c) => replaceCommand(c.root, stage(c, "reset"), "reset"),
  },
  restore: {
    usage: "restore <stage> [n]",
    summary: "list the backups adopt/reset made; with n, bring that one back",
    options: {},
    positionals: { min: 0, max: 2, label: "stage and backup number" },
    run: (c) => restoreCommand(c.root, stage(c, "restore"), c.positionals[1]),
  },
  run: {
    usage: "run <stage> [--solution] -- <args>",
    summary: "start the stage's program (yours, or --solution)",
    options: { solution: { type: "boolean" } },
    positionals: stageArg,
    note: "(the program's own arguments go after --)",
    run: (c) => runCommand(c.root, stage(c, "run"), flag(c, "solution"), c.rest),
  },
  verify: {
    usage: "verify [stage…] [--allow-empty]",
    summary: "maintainers: the teeth check (pass on reference, fail on starter)",
    options: { "allow-empty": { type: "boolean" } },
    positionals: stagesArg,
    run: (c) => verifyCommand(c.root, stageList(c, "verify"), flag(c, "allow-empty")),
  },
  starters: {
    usage: "starters [--check | --pristine | --update] [stage…]",
    summary: "maintainers: generate starters from the reference",
    options: {
      check: { type: "boolean" },
      pristine: { type: "boolean" },
      update: { type: "boolean" },
    },
    positionals: stagesArg,
    run: (c) => {
      const mode = flag(c, "check") ? "check" : flag(c, "update") ? "update" : "pristine";
      return startersCommand(mode, stageList(c, "starters"));
    },
  },
  graph: {
    usage: "graph [--check | --update]",
    summary: "maintainers: the stage dependency graph (README and CONTRIBUTING hold a copy)",
    options: { check: { type: "boolean" }, update: { type: "boolean" } },
    positionals: noArgs,
    run: (c) => {
      const mode = flag(c, "check") ? "check" : flag(c, "update") ? "update" : "print";
      // Drafts too: the graph in the docs must not depend on RAFTING_DRAFTS.
      return graphCommand(c.root, listStages(c.root, true), mode);
    },
  },
  help: {
    usage: "help",
    summary: "this list",
    options: {},
    positionals: noArgs,
    run: () => {
      console.log(helpText());
      return 0;
    },
  },
};

export function helpText(): string {
  const entries = Object.values(commands);
  const width = Math.max(...entries.map((command) => command.usage.length));
  return [
    "Usage: pnpm course <command> [options]   (a stage is 3, 03, 03-log or log)",
    "",
    ...entries.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    "",
    "--solution runs the reference instead of your code; --previous also tests the earlier stages;",
    "-t <name> runs only tests whose names match; status --refresh re-runs every stage's tests.",
  ].join("\n");
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function runCli(argv: string[], root = repoRoot): Promise<number> {
  try {
    return await dispatch(argv, root);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof StarterMarkerError) {
      console.error(`course: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: string[], root: string): Promise<number> {
  const dashes = argv.indexOf("--");
  const own = dashes < 0 ? argv : argv.slice(0, dashes);
  const rest = dashes < 0 ? [] : argv.slice(dashes + 1);
  if (own.includes("--help") || own.includes("-h")) {
    console.log(helpText());
    return 0;
  }
  // No command, or only options ("pnpm course --refresh"): the overview.
  const named = own[0] !== undefined && !own[0].startsWith("-");
  const name = named ? (own[0] as string) : "status";
  const args = named ? own.slice(1) : own;
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command)
    throw new UsageError(
      `course: unknown command '${name}'; choose one of: ${Object.keys(commands).join(", ")}`,
    );
  if (dashes >= 0 && name !== "run")
    throw new UsageError(`course ${name}: unexpected '--' (only 'course run' passes arguments on)`);
  const { options, positionals, note } = command;
  const spec: CommandSpec = { name, options, positionals, ...(note ? { note } : {}) };
  const parsed = parseCommandArgs(spec, args);
  return command.run({ root, stages: listStages(root), ...parsed, rest });
}
