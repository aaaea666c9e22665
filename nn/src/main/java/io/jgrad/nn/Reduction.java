package io.jgrad.nn;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    /** The mean over elements (over non-ignored targets, where a loss ignores some). */
    MEAN,
    /** The sum over elements. */
    SUM,
    /** No reduction: one loss per element. */
    NONE
}
