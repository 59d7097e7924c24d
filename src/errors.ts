/** Errors a user can act on: the CLI prints `error: <message>` and exits 2 (anything else is a bug: exit 1). */
export class UserError extends Error {
	override name = 'UserError';
}

/** A layer that cannot produce a valid output for its input (kernel too large, zero size, groups that do not divide). */
export class ShapeError extends UserError {
	override name = 'ShapeError';
}

/** A malformed network description (JSON spec or Caffe prototxt), with file and line where known. */
export class SpecError extends UserError {
	override name = 'SpecError';
}

/** A wrong flag, value or argument on the command line. */
export class UsageError extends UserError {
	override name = 'UsageError';
}

/** A lesson token that does not resolve: names the file, the line and the token. */
export class LessonError extends UserError {
	override name = 'LessonError';
	constructor(
		readonly file: string,
		readonly line: number,
		readonly token: string,
		detail = 'unknown token',
	) {
		super(`${file}:${line}: ${detail} {{${token}}}`);
	}
}

/** A compute backend that cannot run here, with the reason (e.g. "headlessgl: the native gl module is not installed"). */
export class BackendUnavailableError extends UserError {
	override name = 'BackendUnavailableError';
	constructor(
		readonly backend: string,
		readonly reason: string,
	) {
		super(`${backend}: ${reason}`);
	}
}

/** An input file (image, weights) that is missing, truncated or not what it claims to be. */
export class InputError extends UserError {
	override name = 'InputError';
}

/** A training run that ended badly (the loss became NaN): reported with what was kept, exit 2. */
export class TrainingError extends UserError {
	override name = 'TrainingError';
}
