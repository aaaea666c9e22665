/**
 * The MNIST trainer: the {@code train}, {@code evaluate} and {@code predict} command line
 * ({@link io.jgrad.examples.mnist.Main}), the IDX reader ({@link io.jgrad.examples.mnist.IdxReader}),
 * the copy of MNIST shipped in the jar and the downloader for data sets in the same layout
 * ({@link io.jgrad.examples.mnist.MnistSource}, {@link io.jgrad.examples.mnist.MnistDownloader}),
 * and the two models ({@link io.jgrad.examples.mnist.Architecture}).
 */
package io.jgrad.examples.mnist;
