package io.jgrad.autograd;

import io.jgrad.tensor.Tensor;

/**
 * An input of a gradient property: a contiguous tensor, which is what {@link GradCheck}
 * perturbs, and the {@link Layout} that presents it to the op under test.
 */
record Input(Tensor stored, Layout layout) {
    /** A contiguous input presented as it is. */
    static Input of(Tensor t) {
        return new Input(t, Layout.contiguous(t.shape().toArray()));
    }

    /** The variable the op under test receives, given the variable GradCheck made of {@link #stored}. */
    Variable present(Variable storedVariable) {
        return layout.apply(storedVariable);
    }

    /** The presented value as a new contiguous tensor, outside any graph. */
    Tensor presentedCopy() {
        return layout.apply(Variable.of(stored)).value().copy();
    }

    @Override
    public String toString() {
        return layout + " of " + stored;
    }
}
