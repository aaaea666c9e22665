package io.jgrad.examples.mnist;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar redrawn in place with a carriage return, e.g.
 * {@code epoch 1/5 [=========>          ] 468/938 loss 0.3121 acc 91.2% 24,310 img/s}.
 * On a terminal it is redrawn at most ten times a second, as tqdm does, and once at the end.
 * When the output is not a terminal (CI logs, pipes), it prints a line only every tenth of
 * the way, so logs stay short.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000;

    private final String label;
    private final long total;
    private final PrintWriter out;
    private final boolean interactive;
    private final LongSupplier clock;
    private int lastDecile = -1;
    private long lastDraw;
    private boolean drawn;

    /**
     * @param label what is progressing, printed first
     * @param total the count at completion
     * @param out where to draw
     * @throws IllegalArgumentException if {@code total} is negative
     */
    public ProgressBar(String label, long total, PrintStream out) {
        this(label, total, new PrintWriter(out, true), System.console() != null && out == System.out);
    }

    /**
     * @param label what is progressing, printed first
     * @param total the count at completion
     * @param out where to draw
     * @param interactive whether {@code out} is a terminal, where the bar is redrawn in place
     * @throws IllegalArgumentException if {@code total} is negative
     */
    public ProgressBar(String label, long total, PrintWriter out, boolean interactive) {
        this(label, total, out, interactive, System::nanoTime);
    }

    /** With {@code clock} (nanoseconds) deciding when a terminal's bar is redrawn. */
    ProgressBar(String label, long total, PrintWriter out, boolean interactive, LongSupplier clock) {
        if (total < 0) {
            throw new IllegalArgumentException("a progress bar needs a non-negative total, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
    }

    /** Shows {@code done} of the total, followed by {@code status}. */
    public void update(long done, String status) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int decile = (int) (fraction * 10);
        if (!interactive && decile == lastDecile) {
            return;
        }
        long now = clock.getAsLong();
        if (interactive && drawn && done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDecile = decile;
        lastDraw = now;
        drawn = true;
        int filled = (int) (fraction * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s", label, bar, done, total, status);
        if (interactive) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line. */
    public void finish() {
        if (interactive) {
            out.println();
        }
    }
}
