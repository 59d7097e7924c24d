import {checkSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import {nchw} from '../nchw.js';

/**
 * Adaptive average pooling to size×size (torchvision's AdaptiveAvgPool2d): output cell i along an
 * axis of n inputs averages inputs floor(i·n/size) up to ceil((i+1)·n/size) − 1, so windows may
 * overlap or differ in size by one, and every input is used.
 */
export function adaptiveAvgpool(x: Tensor, size: number): Tensor {
	const [n, c, h, w] = nchw(x, 'adaptiveavgpool input');
	checkSize('adaptiveavgpool', 'the output size', size);
	const y = new Float32Array(n * c * size * size);
	for (let plane = 0; plane < n * c; plane++) {
		for (let oy = 0; oy < size; oy++) {
			const y0 = Math.floor((oy * h) / size);
			const y1 = Math.ceil(((oy + 1) * h) / size);
			for (let ox = 0; ox < size; ox++) {
				const x0 = Math.floor((ox * w) / size);
				const x1 = Math.ceil(((ox + 1) * w) / size);
				let sum = 0;
				for (let iy = y0; iy < y1; iy++) {
					for (let ix = x0; ix < x1; ix++) sum += x.data[(plane * h + iy) * w + ix]!;
				}
				y[(plane * size + oy) * size + ox] = sum / ((y1 - y0) * (x1 - x0));
			}
		}
	}
	return tensor([n, c, size, size], y);
}
