/**
 * Strided float tensors and the kernels under them, on the Java Vector API.
 *
 * <p>{@link io.jgrad.tensor.Tensor} is the type to start from: an n-dimensional view over a
 * {@code float[]} with PyTorch's names and semantics (views share storage, other operations
 * return new contiguous tensors, binary operations broadcast, negative dimensions count from
 * the end). {@link io.jgrad.tensor.Shape} is its immutable shape.
 * {@link io.jgrad.tensor.Parallelism} sets how many threads the kernels use; results are
 * bit-for-bit the same for any thread count, and transcendental functions give the same bits
 * compiled or interpreted, so a seeded computation is reproducible.
 *
 * <p>{@link io.jgrad.tensor.MatmulKernel}, {@link io.jgrad.tensor.ConvolutionKernel},
 * {@link io.jgrad.tensor.Im2col}, {@link io.jgrad.tensor.Pool2d} and
 * {@link io.jgrad.tensor.AdamKernel} are the fused kernels the {@code autograd} and {@code nn}
 * modules build on; most programs reach them through those modules.
 *
 * <p>Bad arguments raise {@link java.lang.IllegalArgumentException} or
 * {@link java.lang.IndexOutOfBoundsException} naming what was expected and what was given; a
 * null argument raises a {@link java.lang.NullPointerException} naming the parameter. The JVM
 * must be started with {@code --add-modules jdk.incubator.vector}.
 */
package io.jgrad.tensor;
