package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * {@code y = x·Wᵀ + b}, as PyTorch's {@code nn.Linear}: input {@code [..., in]}, output
 * {@code [..., out]}, weight stored {@code [out, in]} and read transposed in place.
 * Initialised as PyTorch does: weight and bias uniform in {@code ±1/sqrt(in)}.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Variable weight;
    private final Variable bias;

    /** A layer with bias, initialised from {@link Init#defaultGenerator()}. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Init.defaultGenerator());
    }

    /**
     * @param inFeatures the size of each input row
     * @param outFeatures the size of each output row
     * @param bias whether to add a learned bias
     * @param random the generator the initial weights are drawn from
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, RandomGenerator random) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight",
                Init.kaimingUniform(Tensor.zeros(outFeatures, inFeatures), Math.sqrt(5), random));
        double bound = 1 / Math.sqrt(Init.fanIn(weight.value()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outFeatures), -bound, bound, random)) : null;
    }

    /** The weight, {@code [out, in]}. */
    public Variable weight() {
        return weight;
    }

    /** The bias, {@code [out]}, or {@code null} if the layer has none. */
    public Variable bias() {
        return bias;
    }

    /**
     * @throws IllegalArgumentException if the input's last size is not {@code in}
     */
    @Override
    public Variable forward(Variable input) {
        if (input.shape().rank() == 0 || input.shape().size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + inFeatures + " -> " + outFeatures
                    + ") expects input of shape [..., " + inFeatures + "], got " + input.shape());
        }
        Variable y = input.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
