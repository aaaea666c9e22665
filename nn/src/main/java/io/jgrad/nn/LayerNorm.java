package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;

/**
 * Normalisation of each sample over its trailing dimensions, as PyTorch's {@code nn.LayerNorm}:
 * for an input {@code [..., *normalizedShape]},
 * {@code y = (x - mean) / sqrt(var + eps) · weight + bias} with the mean and biased variance
 * over the trailing {@code normalizedShape.length} dimensions. Parameters {@code weight}
 * (ones) and {@code bias} (zeros) of shape {@code normalizedShape} when elementwise-affine.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Variable weight;
    private final Variable bias;

    /** With PyTorch's defaults: eps 1e-5, elementwise affine. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /**
     * A layer with every setting given; without elementwise affine it has no parameters.
     *
     * @throws IllegalArgumentException if {@code normalizedShape} is empty or has a size below 1,
     *     or eps is negative or not finite
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        boolean positive = normalizedShape.length > 0;
        for (int size : normalizedShape) {
            positive &= size >= 1;
        }
        if (!positive || !(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm needs a non-empty normalized shape of positive sizes and a finite"
                    + " eps >= 0, got normalized_shape=" + PyRepr.tuple(normalizedShape) + ", eps=" + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    /** The scale, of the normalized shape, or {@code null} if not elementwise-affine. */
    public Variable weight() {
        return weight;
    }

    /** The shift, of the normalized shape, or {@code null} if not elementwise-affine. */
    public Variable bias() {
        return bias;
    }

    /** @throws IllegalArgumentException if the input does not end in the normalized shape */
    @Override
    public Variable forward(Variable input) {
        return Functional.layerNorm(input, normalizedShape, weight, bias, (float) eps);
    }

    @Override
    protected String extraRepr() {
        return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.of(eps) + ", elementwise_affine=" + PyRepr.of(weight != null)
                + ", bias=" + PyRepr.of(bias != null);
    }
}
