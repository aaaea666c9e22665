/**
 * Layers, losses and initialisation, as PyTorch's {@code torch.nn}.
 *
 * <p>A model is a {@link io.jgrad.nn.Module}: layers such as {@link io.jgrad.nn.Linear},
 * {@link io.jgrad.nn.Conv2d}, {@link io.jgrad.nn.BatchNorm2d} or {@link io.jgrad.nn.Dropout},
 * composed with {@link io.jgrad.nn.Sequential} or in a subclass of one's own (import
 * {@code io.jgrad.nn.Module} by name: it shares its simple name with {@code java.lang.Module}).
 * Parameters and buffers have PyTorch's names in {@link io.jgrad.nn.Module#stateDict()}, so
 * weights move between jgrad and PyTorch through safetensors ({@link io.jgrad.nn.io}).
 * Losses extend {@link io.jgrad.nn.Loss}; {@link io.jgrad.nn.Init} fills weights from a
 * seeded generator. Defaults (sizes, eps, momentum, initialisation) are PyTorch 2.13's.
 *
 * <p>Optimizers and learning-rate schedules are in {@link io.jgrad.nn.optim}, data sets and
 * batching in {@link io.jgrad.nn.data}.
 */
package io.jgrad.nn;
