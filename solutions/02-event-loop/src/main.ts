// Runs the traffic-light controller on the wall clock (or, with --virtual, on virtual time),
// printing each light change with its controller time. Enter presses the pedestrian button.
//   tsx src/main.ts --speed 60 --press-at 5,130
//   tsx src/main.ts --virtual --run-for 300 --press-at 20
//   tsx src/main.ts --check
import { parseArgs, type RunOptions, UsageError, usage } from "./cli-args.ts";
import { ControllerDriver, type LightChange } from "./driver.ts";
import type { EventLoop } from "./event-loop.ts";
import { explore, formatTrace } from "./explore.ts";
import type { ControllerEvent } from "./lights.ts";
import { RealLoop } from "./real-loop.ts";
import { trafficLight } from "./traffic-light.ts";
import { VirtualLoop } from "./virtual-loop.ts";

function seconds(ms: number): string {
  return `t=${(ms / 1000).toFixed(1).padStart(7)}s`;
}

function printChange({ atMs, lights }: LightChange): void {
  console.log(`${seconds(atMs)}  NS ${lights.ns.padEnd(6)}  EW ${lights.ew}`);
}

function check(): number {
  const result = explore(trafficLight);
  if (result.ok) {
    console.log(`explored ${result.statesExplored} states: all safety and liveness rules hold`);
    return 0;
  }
  console.log(`${result.rule}: ${result.detail}\n${formatTrace(result.trace)}`);
  return 1;
}

/** Schedules the --press-at presses and returns a function that presses now (for Enter). */
function pressButton(loop: EventLoop<ControllerEvent>, pressAtMs: readonly number[]): () => void {
  const press = () => {
    console.log(`${seconds(loop.clock.nowMs())}  button pressed`);
    if (!loop.post({ type: "button" })) console.log("  (dropped: event queue full)");
  };
  for (const atMs of pressAtMs) loop.setTimer(atMs, press);
  return press;
}

function runVirtual(options: RunOptions): void {
  const driver = new ControllerDriver(trafficLight, printChange);
  const loop = new VirtualLoop<ControllerEvent>({ handle: (event) => driver.dispatch(event) });
  driver.start(loop);
  pressButton(loop, options.pressAtMs);
  loop.advanceBy(options.runForMs ?? 0);
}

function runReal(options: RunOptions): void {
  console.log(`running at ${options.speed}x; Enter presses the button, Ctrl-C stops`);
  const driver = new ControllerDriver(trafficLight, printChange);
  const loop = new RealLoop<ControllerEvent>({
    handle: (event) => driver.dispatch(event),
    speed: options.speed,
  });
  driver.start(loop);
  const press = pressButton(loop, options.pressAtMs);
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    for (const char of chunk) if (char === "\n") press();
  });
  const stop = () => {
    loop.close();
    process.stdin.destroy();
  };
  if (options.runForMs !== undefined) loop.setTimer(options.runForMs, stop);
  process.on("SIGINT", stop);
}

function main(argv: readonly string[]): number {
  let options: RunOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`main: ${error.message} (${usage})`);
    return 2;
  }
  if (options.check) return check();
  if (options.virtual) runVirtual(options);
  else runReal(options);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
