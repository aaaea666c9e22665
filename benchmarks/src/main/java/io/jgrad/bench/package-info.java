/**
 * JMH benchmarks of the kernels, autograd, layers and optimizers, each against a plain Java
 * loop or another library where one exists. BENCHMARKS.md gives the commands and the numbers.
 */
package io.jgrad.bench;
