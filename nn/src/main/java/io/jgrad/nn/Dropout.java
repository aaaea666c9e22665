package io.jgrad.nn;

import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * In training, zeroes each element with probability {@code p} and scales the rest by
 * {@code 1 / (1 - p)}; in evaluation, the identity. As PyTorch's {@code nn.Dropout}; any shape.
 */
public final class Dropout extends Module {
    private final float p;
    private final RandomGenerator random;

    /** Dropout with probability 0.5, drawing from {@link Init#defaultGenerator()}. */
    public Dropout() {
        this(0.5f);
    }

    /** Dropout with probability {@code p}, drawing from {@link Init#defaultGenerator()}. */
    public Dropout(float p) {
        this(p, null);
    }

    /**
     * Dropout with probability {@code p}, drawing masks from {@code random}.
     *
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
     */
    public Dropout(float p, RandomGenerator random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.random = random;
    }

    @Override
    public Variable forward(Variable input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        RandomGenerator source = random != null ? random : Init.defaultGenerator();
        Tensor keep = Tensor.rand(source, input.shape().toArray()).ge(Tensor.scalar(p));
        // At p = 1 nothing is kept, and scaling by 1 / 0 would turn the zeros into NaN.
        Tensor mask = p == 1 ? keep : keep.mul(1f / (1 - p));
        return input.mul(Variable.of(mask));
    }

    @Override
    protected String extraRepr() {
        return "p=" + PyRepr.of(p) + ", inplace=False";
    }
}
