import {checkSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import {nchw} from '../nchw.js';
import type {KernelRunner} from './kernel-runner.js';
import {shapeKey} from './kernel-shared.js';

/**
 * Adaptive average pooling, thread (x=ox, y=oy, z=plane): averages rows ys[oy]…ye[oy]−1 and columns
 * xs[ox]…xe[ox]−1, window bounds computed on the host (constants) so no kernel divides; `kh`×`kw` bound the loops.
 */
export function adaptiveSource(h: number, w: number, kh: number, kw: number): string {
	return `function (x) {
  const y0 = this.constants.ys[this.thread.y];
  const y1 = this.constants.ye[this.thread.y];
  const x0 = this.constants.xs[this.thread.x];
  const x1 = this.constants.xe[this.thread.x];
  let sum = 0.0;
  for (let ty = 0; ty < ${kh}; ty++) {
    for (let tx = 0; tx < ${kw}; tx++) {
      if (y0 + ty < y1 && x0 + tx < x1) {
        sum += x[(this.thread.z * ${h} + y0 + ty) * ${w} + x0 + tx];
      }
    }
  }
  return sum / ((y1 - y0) * (x1 - x0));
}`;
}

/** Window bounds of adaptive pooling along one axis: cell i covers floor(i·n/size) … ceil((i+1)·n/size) − 1. */
function adaptiveBounds(n: number, size: number): {start: Float32Array; end: Float32Array; widest: number} {
	const start = new Float32Array(size);
	const end = new Float32Array(size);
	let widest = 0;
	for (let i = 0; i < size; i++) {
		start[i] = Math.floor((i * n) / size);
		end[i] = Math.ceil(((i + 1) * n) / size);
		widest = Math.max(widest, end[i]! - start[i]!);
	}
	return {start, end, widest};
}

/** Adaptive average pooling to size×size (torchvision's AdaptiveAvgPool2d). */
export async function gpujsAdaptiveAvgpool(r: KernelRunner, x: Tensor, size: number): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, 'adaptiveavgpool input');
	checkSize('adaptiveavgpool', 'the output size', size);
	const ys = adaptiveBounds(h, size);
	const xs = adaptiveBounds(w, size);
	const spec = () => ({
		source: adaptiveSource(h, w, ys.widest, xs.widest),
		output: [size, size, n * c],
		constants: {ys: ys.start, ye: ys.end, xs: xs.start, xe: xs.end},
	});
	return tensor([n, c, size, size], await r.run('adaptiveAvgpool', `${shapeKey(x)}|${size}`, spec, [x.data], n * c * size * size));
}
