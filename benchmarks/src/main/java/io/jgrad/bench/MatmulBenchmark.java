package io.jgrad.bench;

import io.jgrad.tensor.MatmulKernel;
import io.jgrad.tensor.Parallelism;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Single-precision matrix multiplication C = A·B (A m×k, B k×n): jgrad's {@link MatmulKernel}
 * against EJML and a plain Java loop.
 *
 * <p>Scores are microseconds per product; GFLOP/s is {@code 2·m·n·k / (score · 1000)}. Run
 * through {@link #main} (same options as the JMH jar) to get that table printed at the end.
 *
 * <ul>
 *   <li>{@code jgrad}: A and B row-major, the {@code dx = G·W} layout of a linear layer's backward pass;</li>
 *   <li>{@code jgradBTransposed}: B stored transposed (n×k), as {@code x·Wᵀ} with W stored [out, in];</li>
 *   <li>{@code jgradATransposed}: A stored transposed (k×m), as {@code Gᵀ·x} for the weight gradient;</li>
 *   <li>{@code ejml}: EJML's {@code CommonOps_FDRM.mult}; {@code loop}: the i-p-j triple loop.</li>
 * </ul>
 *
 * <p>Shapes are {@code n} for n×n×n or {@code m x k x n}. EJML and the loop are single-threaded,
 * so they take no thread count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MatmulBenchmark {

    /** Row-major operands of one shape. */
    @State(Scope.Benchmark)
    public static class Operands {
        @Param({"64", "128", "256", "512", "1024", "64x784x128", "128x784x512", "784x64x128"})
        public String shape;

        int m;
        int n;
        int k;
        float[] a;
        float[] b;
        float[] c;

        @Setup
        public void setUp() {
            final int[] mkn = parse(shape);
            m = mkn[0];
            k = mkn[1];
            n = mkn[2];
            final SplittableRandom rnd = new SplittableRandom(1);
            a = random(m * k, rnd);
            b = random(k * n, rnd);
            c = new float[m * n];
        }
    }

    /** The MLP shapes with one operand also stored transposed, as the training passes have them. */
    @State(Scope.Benchmark)
    public static class Training {
        @Param({"64x784x128", "128x784x512", "784x64x128"})
        public String shape;

        int m;
        int n;
        int k;
        float[] a;
        /** A stored k×m. */
        float[] aT;
        float[] b;
        /** B stored n×k. */
        float[] bT;
        float[] c;

        @Setup
        public void setUp() {
            final int[] mkn = parse(shape);
            m = mkn[0];
            k = mkn[1];
            n = mkn[2];
            final SplittableRandom rnd = new SplittableRandom(2);
            a = random(m * k, rnd);
            b = random(k * n, rnd);
            aT = transpose(a, m, k);
            bT = transpose(b, k, n);
            c = new float[m * n];
        }
    }

    /** The thread count of jgrad's pool. */
    @State(Scope.Benchmark)
    public static class Threads {
        @Param({"1", "2"})
        public int threads;

        @Setup
        public void setUp() {
            Parallelism.setThreads(threads);
        }
    }

    /** EJML's matrices of one shape. */
    @State(Scope.Benchmark)
    public static class Ejml {
        FMatrixRMaj a;
        FMatrixRMaj b;
        FMatrixRMaj c;

        @Setup
        public void setUp(Operands o) {
            a = new FMatrixRMaj(o.m, o.k);
            b = new FMatrixRMaj(o.k, o.n);
            c = new FMatrixRMaj(o.m, o.n);
            System.arraycopy(o.a, 0, a.data, 0, o.a.length);
            System.arraycopy(o.b, 0, b.data, 0, o.b.length);
        }
    }

    @Benchmark
    public float[] jgrad(Operands o, Threads t) {
        MatmulKernel.multiply(o.m, o.n, o.k, o.a, 0, o.k, 1, o.b, 0, o.n, 1, o.c, 0, o.n);
        return o.c;
    }

    @Benchmark
    public float[] jgradBTransposed(Training o, Threads t) {
        MatmulKernel.multiply(o.m, o.n, o.k, o.a, 0, o.k, 1, o.bT, 0, 1, o.k, o.c, 0, o.n);
        return o.c;
    }

    @Benchmark
    public float[] jgradATransposed(Training o, Threads t) {
        MatmulKernel.multiply(o.m, o.n, o.k, o.aT, 0, 1, o.m, o.b, 0, o.n, 1, o.c, 0, o.n);
        return o.c;
    }

    @Benchmark
    public FMatrixRMaj ejml(Ejml e) {
        CommonOps_FDRM.mult(e.a, e.b, e.c);
        return e.c;
    }

    /** The best a plain loop does: i-p-j order, so the inner loop runs along rows of B and C. */
    @Benchmark
    public float[] loop(Operands o) {
        final int m = o.m;
        final int n = o.n;
        final int k = o.k;
        final float[] a = o.a;
        final float[] b = o.b;
        final float[] c = o.c;
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < m; i++) {
            final int ci = i * n;
            for (int p = 0; p < k; p++) {
                final float aip = a[i * k + p];
                final int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
        return c;
    }

    /** {@code "512"} is 512×512×512; {@code "64x784x128"} is m×k×n. */
    static int[] parse(String shape) {
        final String[] parts = shape.split("x");
        if (parts.length == 1) {
            final int s = Integer.parseInt(parts[0]);
            return new int[] {s, s, s};
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must be n or m x k x n, got " + shape);
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    private static float[] random(int size, SplittableRandom rnd) {
        final float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        final float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Runs this benchmark with the JMH command-line options given (for example
     * {@code -f 1 -wi 3 -i 5 -w 1 -r 1 -rf json -rff matmul.json}) and prints GFLOP/s.
     */
    public static void main(String[] args) throws Exception {
        final CommandLineOptions cli = new CommandLineOptions(args);
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(MatmulBenchmark.class.getSimpleName());
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        final List<String> lines = new ArrayList<>();
        for (RunResult r : results) {
            final String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            final String shape = r.getParams().getParam("shape");
            final String threads = r.getParams().getParam("threads");
            final int[] mkn = parse(shape);
            final double micros = r.getPrimaryResult().getScore();
            final double gflops = 2.0 * mkn[0] * mkn[1] * mkn[2] / (micros * 1e3);
            lines.add(String.format(Locale.ROOT, "%-18s %-12s %7s %12.1f %9.1f", method, shape,
                    threads == null ? "1" : threads, micros, gflops));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-18s %-12s %7s %12s %9s%n", "method", "shape", "threads", "us/op", "GFLOP/s");
        lines.forEach(System.out::println);
    }
}
