import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {PoolAttrs} from '../backend.js';
import {poolSizes} from '../nchw.js';
import {padPlanes} from '../planes.js';
import {cropRows, roundUp4} from './host-prep.js';
import type {KernelRunner} from './kernel-runner.js';
import {minusHuge, sameShape, shapeKey} from './kernel-shared.js';

/** Max pooling over a padded input (padding holds a huge negative), thread (x=ox, y=oy, z=plane). */
export function maxpoolSource(k: number, s: number, hp: number, wp: number): string {
	return `function (x) {
  const base = (this.thread.z * ${hp} + this.thread.y * ${s}) * ${wp} + this.thread.x * ${s};
  let m = x[base];
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      m = Math.max(m, x[base + ky * ${wp} + kx]);
    }
  }
  return m;
}`;
}

/**
 * Average pooling over a zero-padded input, thread (x=ox, y=oy, z=plane): the window sum divided by the
 * window's area clipped to the padded extent limH×limW (Caffe's AVE pooling, PyTorch's count_include_pad).
 */
export function avgpoolSource(k: number, s: number, hp: number, wp: number, limH: number, limW: number): string {
	return `function (x) {
  const y0 = this.thread.y * ${s};
  const x0 = this.thread.x * ${s};
  const base = (this.thread.z * ${hp} + y0) * ${wp} + x0;
  let sum = 0.0;
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      sum += x[base + ky * ${wp} + kx];
    }
  }
  const area = (Math.min(y0 + ${k}, ${limH}) - y0) * (Math.min(x0 + ${k}, ${limW}) - x0);
  return sum / area;
}`;
}

/** Where each max-pool window's maximum sits (row·wp + column in the padded plane; the first on a tie), thread (x=ox, y=oy, z=plane). */
export function maxpoolArgmaxSource(k: number, s: number, hp: number, wp: number): string {
	return `function (x) {
  const y0 = this.thread.y * ${s};
  const x0 = this.thread.x * ${s};
  const base = (this.thread.z * ${hp} + y0) * ${wp} + x0;
  let m = x[base];
  let at = y0 * ${wp} + x0;
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      const v = x[base + ky * ${wp} + kx];
      if (v > m) {
        m = v;
        at = (y0 + ky) * ${wp} + x0 + kx;
      }
    }
  }
  return at;
}`;
}

/** Max pooling's gradient, thread (x=ix, y=iy, z=plane): the dy of every window whose maximum is this input. */
export function maxpoolBackwardSource(k: number, s: number, p: number, ho: number, wo: number, wo4: number, wp: number): string {
	const t = Math.ceil(k / s);
	return `function (arg, dy) {
  const py = this.thread.y + ${p};
  const px = this.thread.x + ${p};
  const me = py * ${wp} + px;
  let sum = 0.0;
  for (let ty = 0; ty < ${t}; ty++) {
    const oy = Math.floor(py / ${s}) - ty;
    if (oy >= 0 && oy < ${ho} && oy * ${s} + ${k} > py) {
      for (let tx = 0; tx < ${t}; tx++) {
        const ox = Math.floor(px / ${s}) - tx;
        if (ox >= 0 && ox < ${wo} && ox * ${s} + ${k} > px) {
          if (arg[(this.thread.z * ${ho} + oy) * ${wo4} + ox] === me) {
            sum += dy[(this.thread.z * ${ho} + oy) * ${wo} + ox];
          }
        }
      }
    }
  }
  return sum;
}`;
}

/** Max or average pooling: the input padded on the host (−huge or 0), output rows padded to a multiple of 4. */
export async function gpujsPool(r: KernelRunner, op: 'maxpool' | 'avgpool', x: Tensor, a: PoolAttrs): Promise<Tensor> {
	const {n, c, h, w, ho, wo} = poolSizes(x, a, op);
	const {kernel: k, stride: s, pad: p} = a;
	const wo4 = roundUp4(wo);
	const hp = (ho - 1) * s + k;
	const wp = (wo4 - 1) * s + k;
	const xp = padPlanes(x.data, n * c, h, w, hp, wp, p, op === 'maxpool' ? minusHuge : 0);
	const source = () => (op === 'maxpool' ? maxpoolSource(k, s, hp, wp) : avgpoolSource(k, s, hp, wp, h + 2 * p, w + 2 * p));
	const key = `${shapeKey(x)}|${k},${s},${p},${a.ceil}`;
	const flat = await r.run(op, key, () => ({source: source(), output: [wo4, ho, n * c]}), [xp], n * c * ho * wo4);
	return tensor([n, c, ho, wo], cropRows(flat, n * c * ho, wo4, wo));
}

/** Max pooling's gradient: each window's argmax (first on a tie, as the reference), then each input gathers its windows' dy. */
export async function gpujsMaxpoolBackward(r: KernelRunner, x: Tensor, dy: Tensor, a: PoolAttrs): Promise<Tensor> {
	const {n, c, h, w, ho, wo} = poolSizes(x, a, 'maxpool');
	const {kernel: k, stride: s, pad: p} = a;
	sameShape(dy, tensor([n, c, ho, wo]), 'maxpool backward: dy');
	const wo4 = roundUp4(wo);
	const hp = (ho - 1) * s + k;
	const wp = (wo4 - 1) * s + k;
	const xp = padPlanes(x.data, n * c, h, w, hp, wp, p, -3.4e38);
	const key = `${x.shape.join(',')}|${k},${s},${p},${a.ceil}`;
	const arg = await r.run('maxpoolArgmax', key, () => ({source: maxpoolArgmaxSource(k, s, hp, wp), output: [wo4, ho, n * c]}), [xp], n * c * ho * wo4);
	const spec = () => ({source: maxpoolBackwardSource(k, s, p, ho, wo, wo4, wp), output: [w, h, n * c]});
	return tensor(x.shape, await r.run('maxpoolBackward', key, spec, [arg, dy.data], x.data.length));
}
