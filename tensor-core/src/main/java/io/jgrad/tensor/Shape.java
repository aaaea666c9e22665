package io.jgrad.tensor;

import java.util.Arrays;

/**
 * The sizes of a tensor's dimensions, outermost first. Immutable.
 *
 * <p>A shape of rank 0 ({@code Shape.of()}) describes a scalar with one element. Sizes may be
 * zero (an empty tensor) but never negative. Dimension arguments may be negative and then
 * count from the end, as in PyTorch: {@code -1} is the last dimension.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(dims) + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        this.numel = (int) n;
    }

    /**
     * Returns the shape with the given sizes.
     *
     * @throws IllegalArgumentException if a size is negative or the element count overflows an int
     */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "sizes must be non-negative, got " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** Returns the shape of rank 0, which has exactly one element. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The product of all sizes; 1 for a scalar, 0 if any size is 0. */
    public int numel() {
        return numel;
    }

    /**
     * The size of dimension {@code dim}, which may be negative to count from the end.
     *
     * @throws IndexOutOfBoundsException if {@code dim} is outside {@code [-rank, rank)}
     */
    public int size(int dim) {
        return dims[normalize(dim)];
    }

    /** A copy of the sizes. */
    public int[] toArray() {
        return dims.clone();
    }

    /**
     * Turns a possibly negative dimension into an index in {@code [0, rank)}.
     *
     * @throws IndexOutOfBoundsException naming the dimension, the rank and the valid range
     */
    public int normalize(int dim) {
        return normalize(dim, dims.length);
    }

    /**
     * Turns a possibly negative dimension into an index in {@code [0, rank)} for a tensor of
     * the given rank.
     *
     * @throws IndexOutOfBoundsException naming the dimension, the rank and the valid range
     */
    static int normalize(int dim, int rank) {
        if (dim < -rank || dim >= rank) {
            throw new IndexOutOfBoundsException("dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected " + (rank == 0 ? "none: a scalar has no dimensions" : "-" + rank + ".." + (rank - 1)) + ")");
        }
        return dim < 0 ? dim + rank : dim;
    }

    /** The row-major (C-order) strides of a contiguous tensor of this shape. */
    int[] contiguousStrides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /** Direct access for the package's kernels; callers must not modify it. */
    int[] dims() {
        return dims;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Formats as {@code [2, 3]}; a scalar is {@code []}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
