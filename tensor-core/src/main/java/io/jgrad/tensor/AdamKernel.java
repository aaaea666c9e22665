package io.jgrad.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One step of Adam's update of a parameter, in a single pass over memory. With gradient
 * {@code g}, first and second moment estimates {@code m} and {@code v}, and step number
 * {@code t} (1 for the first step):
 * <pre>
 *   m ← m + (1 − β1)·(g − m)
 *   v ← β2·v + (1 − β2)·g·g
 *   p ← p − lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * Written as {@link Tensor}'s in-place operations the step takes seven passes over memory and
 * a temporary ({@code lerpInPlace}, {@code mulInPlace}, {@code addcmulInPlace}, {@code sqrt},
 * two more scalings, {@code addcdivInPlace}); here each element is read and written once. The
 * float operations and their order are those of that composition, so the two give the same
 * bits. Large tensors are split over {@link Parallelism}'s threads; each element is computed
 * the same way wherever it lands.
 */
public final class AdamKernel {
    private static final VectorSpecies<Float> S = Kernels.SPECIES;

    private AdamKernel() {
    }

    /**
     * Updates {@code parameter}, {@code expAvg} and {@code expAvgSq} in place.
     *
     * @param parameter contiguous, any shape
     * @param gradient the parameter's shape, any strides
     * @param expAvg the first moment estimate {@code m}: contiguous, the parameter's shape
     * @param expAvgSq the second moment estimate {@code v}: contiguous, the parameter's shape
     * @param step the number of this step, from 1
     * @throws IllegalArgumentException if a tensor is null or of another shape, two of them share
     *     memory, a beta is outside {@code [0, 1)}, {@code eps} is negative, the learning rate is
     *     not finite, or {@code step < 1}
     * @throws IllegalStateException if a tensor written is not contiguous
     */
    public static void step(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, double learningRate,
            double beta1, double beta2, double eps, int step) {
        Tensor[] operands = {parameter, gradient, expAvg, expAvgSq};
        String[] names = {"parameter", "gradient", "expAvg", "expAvgSq"};
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
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0) || !Double.isFinite(learningRate) || step < 1) {
            throw new IllegalArgumentException("Adam's step needs eps >= 0, a finite learning rate and step >= 1, got "
                    + eps + ", " + learningRate + " and " + step);
        }
        for (Tensor written : new Tensor[] {parameter, expAvg, expAvgSq}) {
            if (!written.isContiguous()) {
                throw new IllegalStateException("Adam's step writes in place and needs contiguous tensors, got one of"
                        + " shape " + written.shape() + " with strides " + Arrays.toString(written.stridesView()));
            }
        }
        // The scalars in double, then rounded once to float, as the composed step rounded them.
        float weight1 = (float) (1 - beta1);
        float decay2 = (float) beta2;
        float weight2 = (float) (1 - beta2);
        float denominatorScale = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        float epsilon = (float) eps;
        float stepSize = (float) (-learningRate / (1 - Math.pow(beta1, step)));
        float[] p = parameter.data(), g = gradient.data(), m = expAvg.data(), v = expAvgSq.data();
        int[][] strides = {parameter.stridesView(), gradient.stridesView(), expAvg.stridesView(), expAvgSq.stridesView()};
        int[] offsets = {parameter.offset(), gradient.offset(), expAvg.offset(), expAvgSq.offset()};
        StridedLoop.forEachRowInParallel(parameter.shape().dims(), strides, offsets, (n, off, st) ->
                row(n, p, g, m, v, off, st, weight1, decay2, weight2, denominatorScale, epsilon, stepSize));
        parameter.bumpVersion();
        expAvg.bumpVersion();
        expAvgSq.bumpVersion();
    }

    private static void row(int n, float[] p, float[] g, float[] m, float[] v, int[] off, int[] st, float weight1,
            float decay2, float weight2, float denominatorScale, float eps, float stepSize) {
        int pi = off[0], gi = off[1], mi = off[2], vi = off[3];
        int ps = st[0], gs = st[1], ms = st[2], vs = st[3];
        int i = 0;
        if (ps == 1 && gs == 1 && ms == 1 && vs == 1) {
            int upper = S.loopBound(n);
            for (; i < upper; i += Kernels.LANES) {
                FloatVector gv = FloatVector.fromArray(S, g, gi + i);
                FloatVector mv = FloatVector.fromArray(S, m, mi + i);
                mv = mv.add(gv.sub(mv).mul(weight1));
                mv.intoArray(m, mi + i);
                FloatVector vv = FloatVector.fromArray(S, v, vi + i).mul(decay2);
                vv = vv.add(gv.mul(weight2).mul(gv));
                vv.intoArray(v, vi + i);
                FloatVector denominator = vv.sqrt().mul(denominatorScale).add(eps);
                FloatVector pv = FloatVector.fromArray(S, p, pi + i);
                pv.add(mv.mul(stepSize).div(denominator)).intoArray(p, pi + i);
            }
        }
        for (; i < n; i++) {
            float gradient = g[gi + i * gs];
            float first = m[mi + i * ms] + weight1 * (gradient - m[mi + i * ms]);
            m[mi + i * ms] = first;
            float second = v[vi + i * vs] * decay2 + weight2 * gradient * gradient;
            v[vi + i * vs] = second;
            float denominator = (float) Math.sqrt(second) * denominatorScale + eps;
            p[pi + i * ps] = p[pi + i * ps] + stepSize * first / denominator;
        }
    }
}
