// This stage is being written (a draft: see "course.draft" in solutions/09-system/package.json).
export {};
