// Bad input on the command line: one line saying what is wrong and what would be right, exit code 2.
import { type ParseArgsConfig, parseArgs } from "node:util";
import { findStage, type Stage } from "./stages.ts";

export class UsageError extends Error {}

type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** The options a command accepts and how many positionals it takes. */
export interface CommandSpec {
  name: string;
  options: OptionSpecs;
  /** Names of the positionals, for the error message ("stage", "stage…"). */
  positionals: { min: number; max: number; label: string };
  /** Appended to errors about options, e.g. how to pass arguments through. */
  note?: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses one command's arguments strictly; anything unexpected becomes a UsageError. */
export function parseCommandArgs(spec: CommandSpec, args: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    const note = spec.note ? ` ${spec.note}` : "";
    throw new UsageError(
      `course ${spec.name}: ${parseErrorText(error)}; ${optionChoices(spec)}${note}`,
    );
  }
  const { min, max, label } = spec.positionals;
  if (parsed.positionals.length < min)
    throw new UsageError(`course ${spec.name}: missing ${label}`);
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max).join(" ");
    throw new UsageError(
      `course ${spec.name}: unexpected argument '${extra}'; ${optionChoices(spec)}`,
    );
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

function parseErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missingValue = /Option '([^']+)' argument missing/.exec(message);
  if (missingValue) return `option '${missingValue[1]}' needs a value`;
  return message.split("\n")[0] ?? message;
}

/** "options: --solution, --previous, -t <name>" or "it takes no options". */
export function optionChoices(spec: CommandSpec): string {
  const names = Object.entries(spec.options).map(([long, option]) => {
    const flag = option.short ? `-${option.short}` : `--${long}`;
    return option.type === "string" ? `${flag} <value>` : flag;
  });
  return names.length === 0 ? "it takes no options" : `options: ${names.join(", ")}`;
}

/** "1 kv-server, 2 event-loop, 3 log" */
export function stageChoices(stages: Stage[]): string {
  return stages.map((stage) => `${stage.number} ${stage.slug}`).join(", ");
}

/** Resolves a stage name or throws a UsageError that lists the stages. */
export function resolveStage(stages: Stage[], name: string | undefined, command: string): Stage {
  if (stages.length === 0)
    throw new UsageError(`course ${command}: no stages found under exercises/`);
  if (name === undefined)
    throw new UsageError(
      `course ${command}: missing stage; choose one of: ${stageChoices(stages)}`,
    );
  const stage = findStage(stages, name);
  if (!stage)
    throw new UsageError(`course: unknown stage '${name}'; choose one of: ${stageChoices(stages)}`);
  return stage;
}
