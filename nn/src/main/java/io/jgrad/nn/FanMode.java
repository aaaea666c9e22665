package io.jgrad.nn;

/**
 * Which fan He initialisation scales by, as PyTorch's {@code mode}: the fan-in keeps the
 * variance of the forward pass, the fan-out that of the backward pass.
 */
public enum FanMode {
    /** {@code in · Πk} for a weight {@code [out, in, k...]}. */
    FAN_IN,
    /** {@code out · Πk} for a weight {@code [out, in, k...]}. */
    FAN_OUT
}
