#!/usr/bin/env node
import {writeSync} from 'node:fs';
import {Command, CommanderError, Option} from 'commander';
import {UserError} from './errors.js';
import {numberFlag, sizeFlag} from './commands/options.js';
import pkg from '../package.json' with {type: 'json'};

const variants = ['original', 'ungrouped', 'torchvision', 'mini'];
const conventions = `
Figures: MACs are multiply-accumulates of conv and fully connected layers, per image (batch 1);
1 MAC = 2 FLOPs, and every figure on screen says which it is. Shapes are H×W×C. Parameters count
weights and biases; bytes are fp32.`;

const program = new Command('alexnet-tour')
	.description('Learn AlexNet by computing it: every layer derived, counted and run, in your terminal.')
	.version(pkg.version)
	.option('--debug', 'show stack traces of errors')
	.addHelpText('after', conventions)
	.showSuggestionAfterError()
	.exitOverride()
	.configureOutput({
		// Help and version are written synchronously, so a full disk is reported before commander exits.
		writeOut: (text) => writeOutput(text),
		// One line: commander puts its "(Did you mean …?)" on a second one.
		outputError: (text, write) => write(`${(text.startsWith('error:') ? text : `error: ${text}`).trimEnd().replace(/\n+\(Did you mean/, ' (did you mean')}\n`),
	});

const variantOption = () => new Option('--variant <name>', 'which AlexNet (default original)').choices(variants);

program
	.command('summary')
	.description('table of every layer: output shape, parameters, MACs, activations, receptive field; totals')
	.addOption(variantOption())
	.option('--model <file>', 'a trained model instead of a variant: an .onnx file, or a .caffemodel with its --prototxt')
	.option('--prototxt <file>', 'with a .caffemodel: its deploy prototxt (default: one beside it)')
	.option('--json', 'print one JSON document')
	.option('--markdown', 'print a Markdown table')
	.action(async (options) => (await import('./commands/summary.js')).run(options));

program
	.command('calc')
	.description('shape calculator: one layer from flags (conv, pool, fc) or a network file (JSON spec, Caffe prototxt or ONNX model)')
	.argument('<conv|pool|fc|FILE>', 'a layer kind, or a .json / .prototxt / .onnx network file')
	.option('--input <HxWxC>', 'input shape, e.g. 227x227x3 (fc also takes a length, e.g. 9216); for an ONNX model, its dynamic H×W (and C): 224x224')
	.option('--filters <n>', 'conv: number of filters (output channels)', numberFlag('--filters'))
	.option('--kernel <k>', 'conv, pool: kernel size, or HxW such as 1x7', sizeFlag('--kernel'))
	.option('--stride <s>', 'conv, pool: stride, or HxW (conv default 1, pool default the kernel)', sizeFlag('--stride'))
	.option('--pad <p>', 'conv, pool: zero padding on each side, HxW, or top,left,bottom,right (default 0)', sizeFlag('--pad', true))
	.option('--dilation <d>', 'conv: dilation, or HxW (default 1)', sizeFlag('--dilation'))
	.option('--groups <g>', "conv: groups, as in AlexNet's two-GPU split (default 1)", numberFlag('--groups'))
	.option('--ceil', 'conv, pool: round the output size up, as cuda-convnet (conv) and Caffe (pool) do')
	.option('--avg', 'pool: average instead of max pooling')
	.option('--units <n>', 'fc: number of output units', numberFlag('--units'))
	.option('--layer <name>', 'network files: the derivations of this layer (or ONNX node or output) instead of the table')
	.option('--json', 'print one JSON document')
	.option('--markdown', 'print a Markdown table (network files)')
	.addHelpText(
		'after',
		`
Examples:
  alexnet-tour calc conv --input 227x227x3 --filters 96 --kernel 11 --stride 4
  alexnet-tour calc pool --input 55x55x96 --kernel 3 --stride 2
  alexnet-tour calc fc --input 6x6x256 --units 4096
  alexnet-tour calc deploy.prototxt --markdown
  alexnet-tour calc model.onnx --input 224x224
  alexnet-tour calc model.onnx --input 224x224 --layer /features/features.0/Conv`,
	)
	.action(async (what: string, options) => (await import('./commands/calc.js')).run(what, options));

program
	.command('lessons')
	.description('list the lessons of the tour')
	.action(async () => (await import('./commands/lessons.js')).run());

program
	.command('lesson')
	.description('print one lesson as text (plain, without escape codes, when piped)')
	.argument('<id>', 'a lesson id such as conv1, or its number')
	.option('--no-color', 'plain characters, no colour (NO_COLOR is respected too)')
	.action(async (id: string, options) => (await import('./commands/lesson.js')).run(id, options));

// Kept here as plain strings so summary and calc never load a backend module.
const backendOption = () => new Option('--backend <name>', 'where the arithmetic runs (see `alexnet-tour backends`)').choices(['auto', 'reference', 'fast', 'webgpu', 'headlessgl', 'webasm', 'cpu']).default('auto');

program
	.command('forward')
	.description('run the network layer by layer on real tensors: shapes, statistics, timings, top-5 classes')
	.addOption(variantOption())
	.addOption(backendOption())
	.option('--image <file>', "a PNG or JPEG (default: a built-in sample image); resized, centre-cropped, normalised by ImageNet's mean and std")
	.option('--digit <n>', 'for 28×28×1 networks such as mini, without --image: which MNIST test digit to classify, 0–9999 (default 0)', numberFlag('--digit'))
	.option('--seed <n>', 'seed of the random weights (default 2012)', numberFlag('--seed'))
	.addOption(new Option('--init <scheme>', "random weights: He's, or the paper's §5 N(0, 0.01)").choices(['he', 'paper']).default('he'))
	.option('--weights <path>', 'load weights saved by train --save or forward --save instead of random ones; `shipped`: the trained mini weights in the package (with --variant mini)')
	.option('--until <layer>', 'stop after this layer')
	.option('--model <file>', 'a trained model instead of a variant: an .onnx file, or a .caffemodel with its --prototxt')
	.option('--prototxt <file>', 'with a .caffemodel: its deploy prototxt (default: one beside it)')
	.addOption(new Option('--preprocess <source>', 'how images are normalised for --model: as torchvision or as Caffe trained (found from the file where it says)').choices(['torchvision', 'caffe']))
	.option('--input-npy <file>', 'a [C, H, W] float32 .npy fed in as it is, instead of an image (to compare with PyTorch exactly)')
	.option('--check', "run the reference backend too and print each layer's difference from it")
	.option('--save <dir>', 'write input, outputs and weights as NumPy .npy files with a manifest.json')
	.option('--png', "with --save: also each layer's channels as one PNG grid and each conv layer's filters as a PNG, for slides")
	.option('--json', 'print one JSON document')
	.action(async (options) => (await import('./commands/forward.js')).run(options));

program
	.command('backends')
	.description('probe every compute backend: available or not, device, threads, and why not')
	.option('--json', 'print one JSON document')
	.action(async (options) => (await import('./commands/backends.js')).run(options));

program
	.command('quiz')
	.description('questions on a network, answers checked against the model with the derivation after each: output sizes, parameters, MACs, receptive fields, the loss at initialisation')
	.option('--network <file>', 'a JSON spec or Caffe prototxt to quiz on (default: the original AlexNet)')
	.addOption(variantOption())
	.option('--count <n>', 'how many questions (default 5)', numberFlag('--count'))
	.option('--seed <n>', 'which questions, in which order (default 2012): the same seed gives the same quiz', numberFlag('--seed'))
	.option('--json', "print the questions with their answers and derivations as one JSON document (for a teacher's tooling)")
	.action(async (options) => (await import('./commands/quiz.js')).run(options));

program
	.command('bench')
	.description('time full forward passes at batch 1 on one or more engines: median and min ms, per layer with GFLOP/s (GB/s for fc), and the time to read the fc weights once')
	.option('--backend <names>', 'an engine, or several comma-separated (fast,webasm,headlessgl): auto, reference, fast, webgpu, headlessgl, webasm, cpu', 'auto')
	.addOption(variantOption())
	.option('--runs <n>', 'timed runs after the warm-up runs (default 5)', numberFlag('--runs'))
	.option('--warmup <n>', 'untimed runs first (default 2, as the peer benchmark takes)', numberFlag('--warmup'))
	.option('--model <file>', 'a trained model instead of a variant: an .onnx file, or a .caffemodel with its --prototxt')
	.option('--prototxt <file>', 'with a .caffemodel: its deploy prototxt (default: one beside it)')
	.option('--json', 'print one JSON document')
	.action(async (options) => (await import('./commands/bench.js')).run(options));

program
	.command('train')
	.description('train the mini AlexNet on real MNIST digits: live loss curve, test accuracy per epoch, confusion matrix')
	.option('--epochs <n>', 'passes over the training digits (default 2)', numberFlag('--epochs'))
	.option('--batch <n>', 'mini-batch size (default 16)', numberFlag('--batch'))
	.option('--lr <rate>', 'peak learning rate of the warm-up + cosine schedule (default 0.0125)', numberFlag('--lr'))
	.addOption(new Option('--backend <name>', 'where the arithmetic runs: fast (default), reference, or a gpu.js backend with backward ops').choices(['fast', 'reference', 'webgpu', 'headlessgl', 'webasm', 'cpu']).default('fast'))
	.option('--seed <n>', 'seed of the weights, the digit order and the dropout masks (default 2012)', numberFlag('--seed'))
	.option('--save <file>', 'write the best weights here as safetensors (atomically) for forward --variant mini --weights FILE')
	.option('--force', 'let a stopped run replace a --save file that scored better')
	.option('--train <n>', 'how many of the 60,000 training digits to use (default 18000)', numberFlag('--train'))
	.option('--test <n>', 'how many of the 10,000 held-out test digits to score (default 2000)', numberFlag('--test'))
	.option('--threads <n>', 'threads of the fast backend (default 1)', numberFlag('--threads'))
	.option('--json', 'one JSON line per epoch and a final one with testAccuracy, seconds, imagesPerSecond')
	.addHelpText(
		'after',
		'\nCtrl-C (or q, SIGTERM, SIGHUP) stops after the current batch and keeps the best weights so far; a run whose loss becomes NaN\nsaves only weights from before it and exits 2. The saved file loads in Python: safetensors.numpy.load_file(FILE).',
	)
	.action(async (options) => (await import('./commands/train.js')).run(options));

program
	.command('tour', {isDefault: true})
	.description('the interactive tour (the default): lessons that derive, run and show every layer; m switches to the mini track (a trained digit network)')
	.addOption(backendOption())
	.addOption(new Option('--variant <name>', 'the network the lessons run: mini starts on the mini track (its trained weights, a real test digit)').choices(['original', 'ungrouped', 'torchvision', 'mini']))
	.option('--digit <n>', 'on the mini track: which MNIST test digit it classifies, 0–9999 (default 0)', numberFlag('--digit'))
	.option('--lesson <id>', 'start at this lesson (an id such as conv1, or its number)')
	.option('--image <file>', 'a PNG or JPEG to run the layers on (default: a built-in sample image)')
	.option('--seed <n>', 'seed of the random weights and dropout masks (default 2012)', numberFlag('--seed'))
	.addOption(new Option('--init <scheme>', "random weights: He's, or the paper's §5 N(0, 0.01)").choices(['he', 'paper']).default('he'))
	.option('--weights <path>', 'load weights saved by train --save or forward --save instead of random ones; `shipped`: the trained mini weights in the package (with --variant mini)')
	.option('--model <file>', 'a trained model instead of a variant: an .onnx file, or a .caffemodel with its --prototxt')
	.option('--prototxt <file>', 'with a .caffemodel: its deploy prototxt (default: one beside it)')
	.addOption(new Option('--preprocess <source>', 'how images are normalised for --model (found from the file where it says)').choices(['torchvision', 'caffe']))
	.addOption(new Option('--images <when>', 'real images (kitty, iTerm2 or sixel) for the pictures and the enlarged channel: auto asks the terminal').choices(['never', 'auto', 'always']).default('auto'))
	.option('--no-color', 'plain characters, no colour (NO_COLOR is respected too)')
	// As the default command it receives any mistyped command name: tour.js reports it as unknown.
	.allowExcessArguments(true)
	.action(async (options, command: Command) => (await import('./commands/tour.js')).run(options, command.args));

program
	.command('draw')
	.description('draw a digit with the mouse or the keys and watch the trained mini AlexNet read it, live')
	.option('--weights <path>', 'the mini weights to use (default: shipped, the trained ones in the package)')
	.addOption(new Option('--backend <name>', 'where the arithmetic runs').choices(['reference', 'fast', 'webgpu', 'headlessgl', 'webasm', 'cpu']).default('fast'))
	.option('--no-color', 'plain characters, no colour (NO_COLOR is respected too)')
	.action(async (options) => (await import('./commands/draw.js')).run(options));

program
	.command('demo')
	.description("classroom mode: the tour plays itself, each lesson's derivation then its run; no keyboard needed")
	.option('--step-seconds <n>', 'seconds each step stays on screen (default 6)', numberFlag('--step-seconds'))
	.option('--loop', 'start again after the last lesson, forever (for a projector)')
	.option('--from <lesson>', 'start at this lesson (an id such as conv1, or its number)')
	.option('--big', 'fewer and larger feature-map tiles, for a projector')
	.option('--full-training', "the training lesson runs train's full defaults (about 40 s here) instead of the short classroom run (1 epoch of 6,000 digits, about 7 s)")
	.addOption(backendOption())
	.option('--seed <n>', 'seed of the random weights and dropout masks (default 2012)', numberFlag('--seed'))
	.addOption(new Option('--images <when>', 'real images (kitty, iTerm2 or sixel) for the pictures and the enlarged channel: auto asks the terminal').choices(['never', 'auto', 'always']).default('auto'))
	.option('--no-color', 'plain characters, no colour (NO_COLOR is respected too)')
	.action(async (options) => (await import('./commands/demo.js')).run(options));

/** Prints a user error on one line (exit 2), a bug with its stack (exit 1). */
function fail(error: unknown): never {
	const debug = process.argv.includes('--debug');
	if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
	if (error instanceof UserError) {
		process.stderr.write(`error: ${error.message}\n`);
		if (debug) process.stderr.write(`${error.stack}\n`);
		process.exit(2);
	}
	process.stderr.write(`alexnet-tour hit a bug: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
	if (!debug) process.stderr.write('(run again with --debug for the stack trace)\n');
	process.exit(1);
}

// `alexnet-tour … | head` closes the pipe early: that is not an error.
/** Writes to stdout at once; a closed pipe ends quietly, any other failure (a full disk) is one error line, exit 2. */
function writeOutput(text: string): void {
	try {
		writeSync(1, text);
	} catch (error) {
		outputFailed(error as NodeJS.ErrnoException);
	}
}

function outputFailed(error: NodeJS.ErrnoException): never {
	if (error.code === 'EPIPE') process.exit(0);
	const what = error.code === 'ENOSPC' ? 'no space left on the device' : error.message;
	process.stderr.write(`error: cannot write the output: ${what}\n`);
	process.exit(2);
}

// Any other write error (a full disk: `summary > /dev/full`) is the user's to fix: one line, exit 2.
process.stdout.on('error', outputFailed);

try {
	await program.parseAsync();
} catch (error) {
	fail(error);
}
