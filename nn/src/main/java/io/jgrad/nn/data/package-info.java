/**
 * Data sets and batching, as PyTorch's {@code torch.utils.data}: a
 * {@link io.jgrad.nn.data.Dataset} of examples, {@link io.jgrad.nn.data.TensorDataset} over
 * tensors that share their first dimension, and {@link io.jgrad.nn.data.DataLoader}, which
 * stacks examples into batches, shuffled per epoch from a seed, the next batch assembled on a
 * background thread while the caller works on the current one.
 */
package io.jgrad.nn.data;
