// Time control: the current event and the current instant. Stepping and scrubbing move by
// events; playing moves the instant at `speed` simulated seconds per wall second and shows the
// last event at or before it.
import type { Timeline } from "../model/timeline.ts";

export class Player {
  index = -1;
  nowUs = 0;
  playing = false;
  /** Simulated seconds per wall second. */
  speed = 0.05;
  /** Live mode: stay at the newest event. */
  following = false;

  private readonly timeline: Timeline;

  constructor(timeline: Timeline) {
    this.timeline = timeline;
  }

  goTo(index: number): void {
    const last = this.timeline.length - 1;
    this.index = Math.max(-1, Math.min(index, last));
    this.nowUs = this.index < 0 ? 0 : this.timeline.events[this.index]!.t;
  }

  step(delta: number): void {
    this.playing = false;
    this.following = false;
    this.goTo(this.index + delta);
  }

  /** Advances the instant by wall time; false when the run's end was reached. */
  advance(wallMs: number): boolean {
    if (!this.playing) return false;
    const end = this.timeline.endUs;
    this.nowUs = Math.min(end, this.nowUs + wallMs * 1000 * this.speed);
    this.index = this.timeline.indexAtTime(this.nowUs);
    if (this.nowUs >= end) {
      this.playing = false;
      this.index = this.timeline.length - 1;
    }
    return true;
  }
}
