// This stage is being written (a draft: see "course.draft" in solutions/08-simulation/package.json).
export {};
