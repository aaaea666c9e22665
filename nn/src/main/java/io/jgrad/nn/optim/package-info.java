/**
 * Optimizers and learning-rate schedules, as PyTorch's {@code torch.optim}:
 * {@link io.jgrad.nn.optim.SGD}, {@link io.jgrad.nn.optim.Adam}, {@link io.jgrad.nn.optim.AdamW}
 * and {@link io.jgrad.nn.optim.RMSprop} over one parameter group, with
 * {@link io.jgrad.nn.optim.StepLR}, {@link io.jgrad.nn.optim.CosineAnnealingLR} and
 * {@link io.jgrad.nn.optim.OneCycleLR}, and {@link io.jgrad.nn.optim.GradientClipping}.
 *
 * <p>An optimizer's state is a map of named tensors ({@link io.jgrad.nn.optim.Optimizer#stateDict()}),
 * savable as safetensors beside the model's; restoring it, and a scheduler's step count,
 * continues a run with the very values an uninterrupted one would have had.
 */
package io.jgrad.nn.optim;
