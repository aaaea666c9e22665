/**
 * Reading and writing tensors in the safetensors format that PyTorch and Hugging Face use
 * ({@link io.jgrad.nn.io.SafeTensors}): a JSON header naming each tensor's dtype, shape and
 * byte range, then the raw little-endian data. Files are written atomically; reading checks
 * every header field before allocating anything, refuses malformed input with a
 * {@link io.jgrad.nn.io.SafeTensorsFormatException} saying what is wrong, and is fuzzed (see
 * {@code nn/FUZZING.md}).
 */
package io.jgrad.nn.io;
