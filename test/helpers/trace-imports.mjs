// Loaded with `node --import`: prints every module URL the program resolves to stderr, one per line, prefixed "import:".
import {register} from 'node:module';

register(
	'data:text/javascript,' +
		encodeURIComponent(`export async function resolve(specifier, context, next) {
	const r = await next(specifier, context);
	process.stderr.write('import: ' + r.url + '\\n');
	return r;
}`),
);
