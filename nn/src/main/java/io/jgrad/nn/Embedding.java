package io.jgrad.nn;

import io.jgrad.autograd.Functional;
import io.jgrad.autograd.Variable;
import io.jgrad.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as PyTorch's
 * {@code nn.Embedding}: an input of whole-number indices of any shape gives
 * {@code [*input.shape, embeddingDim]}. Parameter {@code weight [numEmbeddings, embeddingDim]},
 * initialised from the standard normal distribution as PyTorch does.
 */
public final class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Variable weight;

    /** A table initialised from {@link Init#defaultGenerator()}. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Init.defaultGenerator());
    }

    /**
     * A table drawn from {@code random}.
     *
     * @throws IllegalArgumentException if a size is below 1 or {@code random} is null
     */
    public Embedding(int numEmbeddings, int embeddingDim, RandomGenerator random) {
        if (numEmbeddings < 1 || embeddingDim < 1 || random == null) {
            throw new IllegalArgumentException("Embedding needs positive sizes and a generator, got num_embeddings="
                    + numEmbeddings + ", embedding_dim=" + embeddingDim + (random == null ? " and no generator" : ""));
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Init.normal(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1, random));
    }

    /** The table, {@code [numEmbeddings, embeddingDim]}. */
    public Variable weight() {
        return weight;
    }

    /**
     * Looks up the rows named by the input's values; the input carries no gradient.
     *
     * @throws IllegalArgumentException if an index is not a whole number
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, numEmbeddings)}
     */
    @Override
    public Variable forward(Variable input) {
        return Functional.embedding(input.value(), weight);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
