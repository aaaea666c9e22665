/**
 * Define-by-run automatic differentiation over {@link io.jgrad.tensor.Tensor}s, as PyTorch's
 * {@code torch.autograd}.
 *
 * <p>A {@link io.jgrad.autograd.Variable} wraps a tensor; operations on variables that require
 * a gradient record the graph as they run, and {@link io.jgrad.autograd.Variable#backward()}
 * accumulates gradients into the leaves. {@link io.jgrad.autograd.GradMode#noGrad()} turns
 * recording off for a scope, {@link io.jgrad.autograd.AnomalyMode} names the first operation
 * whose result or gradient is NaN or infinite, and {@link io.jgrad.autograd.GradCheck} compares gradients with
 * finite differences. {@link io.jgrad.autograd.Functional} holds the layer functions
 * (convolution, pooling, normalisation, embedding), as {@code torch.nn.functional}.
 *
 * <p>Each operation is a {@link io.jgrad.autograd.Function} of its own, its forward and
 * backward side by side; backward is itself recorded when second derivatives are asked for
 * ({@code createGraph}). Where a gradient is not defined (ties, kinks, NaN), each operation
 * follows PyTorch's convention, documented on the method.
 */
package io.jgrad.autograd;
