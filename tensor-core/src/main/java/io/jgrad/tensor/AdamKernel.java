package io.jgrad.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One step of Adam's update of a parameter, in a single pass over memory. With gradient
 * {@code g}, first and second moment estimates {@code m} and {@code v}, weight decay λ and
 * step number {@code t} (1 for the first step):
 * <pre>
 *   g ← g + λ·p                  (Adam's L2 weight decay, when λ ≠ 0 and not decoupled)
 *   p ← p·(1 − lr·λ)             (AdamW's decoupled weight decay, when λ ≠ 0)
 *   m ← m + (1 − β1)·(g − m)
 *   v ← β2·v + (1 − β2)·g·g
 *   p ← p − lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * With AMSGrad, the denominator uses {@code v̂max = max(v̂max, v)} instead of {@code v}, kept
 * in a tensor of its own, as PyTorch's {@code amsgrad=True}.
 * Written as {@link Tensor}'s in-place operations the step takes seven passes over memory and
 * a temporary ({@code lerpInPlace}, {@code mulInPlace}, {@code addcmulInPlace}, {@code sqrt},
 * two more scalings, {@code addcdivInPlace}), and the weight decay one more pass; here each
 * element is read and written once. The float operations and their order are those of that
 * composition, so the two give the same bits. Large tensors are split over
 * {@link Parallelism}'s threads; each element is computed the same way wherever it lands.
 */
public final class AdamKernel {
    private static final VectorSpecies<Float> S = Kernels.SPECIES;

    /**
     * Adam's hyperparameters, as PyTorch names them.
     *
     * @param learningRate lr; negative steps uphill
     * @param beta1 the first moment's decay β1, in {@code [0, 1)}
     * @param beta2 the second moment's decay β2, in {@code [0, 1)}
     * @param eps ε, added to the denominator; non-negative (infinity allowed, as in PyTorch)
     * @param weightDecay λ; non-negative (infinity allowed), 0 for none
     * @param decoupledWeightDecay whether λ scales the parameter (AdamW) rather than adding
     *     {@code λ·p} to the gradient (Adam)
     */
    public record Hyperparameters(double learningRate, double beta1, double beta2, double eps, double weightDecay,
                                  boolean decoupledWeightDecay) {
        /**
         * @throws IllegalArgumentException if a beta is outside {@code [0, 1)}, eps or the weight
         *     decay is negative or NaN, or the learning rate is not finite
         */
        public Hyperparameters {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(eps >= 0) || !(weightDecay >= 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("Adam needs eps >= 0, weightDecay >= 0 and a finite learning rate,"
                        + " got " + eps + ", " + weightDecay + " and " + learningRate);
            }
        }

        /**
         * These hyperparameters with another learning rate, as a scheduler sets it.
         *
         * @throws IllegalArgumentException if the learning rate is not finite
         */
        public Hyperparameters withLearningRate(double learningRate) {
            return new Hyperparameters(learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }
    }

    private AdamKernel() {
    }

    /**
     * Updates {@code parameter}, {@code expAvg} and {@code expAvgSq} in place.
     *
     * @param parameter contiguous, any shape
     * @param gradient the parameter's shape, any strides
     * @param expAvg the first moment estimate {@code m}: contiguous, the parameter's shape
     * @param expAvgSq the second moment estimate {@code v}: contiguous, the parameter's shape
     * @param hyperparameters the learning rate, betas, eps and weight decay
     * @param step the number of this step, from 1
     * @throws IllegalArgumentException if a tensor or the hyperparameters are null, a tensor is of
     *     another shape, two of them share memory, or {@code step < 1}
     * @throws IllegalStateException if a tensor written is not contiguous
     */
    public static void step(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq,
            Hyperparameters hyperparameters, int step) {
        step(parameter, gradient, expAvg, expAvgSq, null, hyperparameters, step);
    }

    /**
     * Updates {@code parameter}, {@code expAvg}, {@code expAvgSq} and, with AMSGrad,
     * {@code maxExpAvgSq} in place.
     *
     * @param maxExpAvgSq the largest second moment so far, for AMSGrad: contiguous, the
     *     parameter's shape; null for plain Adam
     * @throws IllegalArgumentException as {@link #step(Tensor, Tensor, Tensor, Tensor, Hyperparameters, int)},
     *     for {@code maxExpAvgSq} too
     * @throws IllegalStateException if a tensor written is not contiguous
     */
    public static void step(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq,
            Hyperparameters hyperparameters, int step) {
        boolean amsgrad = maxExpAvgSq != null;
        Tensor[] operands = amsgrad ? new Tensor[] {parameter, gradient, expAvg, expAvgSq, maxExpAvgSq}
                : new Tensor[] {parameter, gradient, expAvg, expAvgSq};
        String[] names = {"parameter", "gradient", "expAvg", "expAvgSq", "maxExpAvgSq"};
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] == null) {
                throw new IllegalArgumentException("Adam's step needs a " + names[i] + " tensor, got null");
            }
            if (!operands[i].shape().equals(parameter.shape())) {
                throw new IllegalArgumentException("Adam's step needs a " + names[i] + " of the parameter's shape "
                        + parameter.shape() + ", got " + operands[i].shape());
            }
            for (int j = 0; j < i; j++) {
                if (operands[i].sharesStorageWith(operands[j])) {
                    throw new IllegalArgumentException("Adam's " + names[j] + " and " + names[i]
                            + " must not share memory");
                }
            }
        }
        if (hyperparameters == null || step < 1) {
            throw new IllegalArgumentException("Adam's step needs hyperparameters and step >= 1, got "
                    + hyperparameters + " and " + step);
        }
        for (Tensor written : amsgrad ? new Tensor[] {parameter, expAvg, expAvgSq, maxExpAvgSq}
                : new Tensor[] {parameter, expAvg, expAvgSq}) {
            if (!written.isContiguous()) {
                throw new IllegalStateException("Adam's step writes in place and needs contiguous tensors, got one of"
                        + " shape " + written.shape() + " with strides " + Arrays.toString(written.stridesView()));
            }
        }
        Hyperparameters h = hyperparameters;
        boolean decoupled = h.decoupledWeightDecay();
        // The scalars in double, then rounded once to float, as the composed step rounded them.
        // Each weight decay is 0 when off, and then skipped: 0·p is not 0 for an infinite p.
        float l2 = decoupled ? 0 : (float) h.weightDecay();
        float shrink = decoupled && h.weightDecay() != 0 ? (float) (1 - h.learningRate() * h.weightDecay()) : 1;
        Scalars scalars = new Scalars(l2, shrink, (float) (1 - h.beta1()), (float) h.beta2(), (float) (1 - h.beta2()),
                (float) (1 / Math.sqrt(1 - Math.pow(h.beta2(), step))), (float) h.eps(),
                (float) (-h.learningRate() / (1 - Math.pow(h.beta1(), step))));
        float[] p = parameter.data(), g = gradient.data(), m = expAvg.data(), v = expAvgSq.data();
        // Without AMSGrad the maximum's slot is v itself, and the row kernel skips it.
        Tensor max = amsgrad ? maxExpAvgSq : expAvgSq;
        float[] vmax = max.data();
        int[][] strides = {parameter.stridesView(), gradient.stridesView(), expAvg.stridesView(), expAvgSq.stridesView(),
            max.stridesView()};
        int[] offsets = {parameter.offset(), gradient.offset(), expAvg.offset(), expAvgSq.offset(), max.offset()};
        StridedLoop.forEachRowInParallel(parameter.shape().dims(), strides, offsets, (n, off, st) ->
                row(n, p, g, m, v, vmax, amsgrad, off, st, scalars));
        parameter.bumpVersion();
        expAvg.bumpVersion();
        expAvgSq.bumpVersion();
        if (amsgrad) {
            maxExpAvgSq.bumpVersion();
        }
    }

    /** The step's float constants. */
    private record Scalars(float l2, float shrink, float weight1, float decay2, float weight2, float denominatorScale,
                           float eps, float stepSize) {
    }

    private static void row(int n, float[] p, float[] g, float[] m, float[] v, float[] vmax, boolean amsgrad, int[] off,
            int[] st, Scalars c) {
        int pi = off[0], gi = off[1], mi = off[2], vi = off[3], xi = off[4];
        int ps = st[0], gs = st[1], ms = st[2], vs = st[3], xs = st[4];
        float l2 = c.l2(), shrink = c.shrink(), weight1 = c.weight1(), decay2 = c.decay2(), weight2 = c.weight2();
        float denominatorScale = c.denominatorScale(), eps = c.eps(), stepSize = c.stepSize();
        int i = 0;
        if (ps == 1 && gs == 1 && ms == 1 && vs == 1 && xs == 1) {
            int upper = S.loopBound(n);
            for (; i < upper; i += Kernels.LANES) {
                FloatVector pv = FloatVector.fromArray(S, p, pi + i);
                FloatVector gv = FloatVector.fromArray(S, g, gi + i);
                if (l2 != 0) {
                    gv = gv.add(pv.mul(l2));
                }
                if (shrink != 1) {
                    pv = pv.mul(shrink);
                }
                FloatVector mv = FloatVector.fromArray(S, m, mi + i);
                mv = mv.add(gv.sub(mv).mul(weight1));
                mv.intoArray(m, mi + i);
                FloatVector vv = FloatVector.fromArray(S, v, vi + i).mul(decay2);
                vv = vv.add(gv.mul(weight2).mul(gv));
                vv.intoArray(v, vi + i);
                if (amsgrad) {
                    vv = FloatVector.fromArray(S, vmax, xi + i).max(vv);
                    vv.intoArray(vmax, xi + i);
                }
                FloatVector denominator = vv.sqrt().mul(denominatorScale).add(eps);
                pv.add(mv.mul(stepSize).div(denominator)).intoArray(p, pi + i);
            }
        }
        for (; i < n; i++) {
            float parameter = p[pi + i * ps];
            float gradient = g[gi + i * gs];
            if (l2 != 0) {
                gradient = gradient + l2 * parameter;
            }
            if (shrink != 1) {
                parameter = parameter * shrink;
            }
            float first = m[mi + i * ms] + weight1 * (gradient - m[mi + i * ms]);
            m[mi + i * ms] = first;
            float second = v[vi + i * vs] * decay2 + weight2 * gradient * gradient;
            v[vi + i * vs] = second;
            if (amsgrad) {
                second = Math.max(vmax[xi + i * xs], second);
                vmax[xi + i * xs] = second;
            }
            float denominator = (float) Math.sqrt(second) * denominatorScale + eps;
            p[pi + i * ps] = parameter + stepSize * first / denominator;
        }
    }
}
