package io.jgrad.examples.mnist;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line text progress bar redrawn in place with a carriage return, e.g.
 * {@code epoch 1/5 [=========>          ] 468/938 loss 0.3121 acc 91.2% 24,310 img/s}.
 * When the output is not a terminal (CI logs, pipes), it prints a line only every tenth of
 * the way, so logs stay short.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintWriter out;
    private final boolean interactive;
    private int lastDecile = -1;

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
        if (total < 0) {
            throw new IllegalArgumentException("a progress bar needs a non-negative total, got " + total);
        }
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
    }

    /** Shows {@code done} of the total, followed by {@code status}. */
    public void update(long done, String status) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int decile = (int) (fraction * 10);
        if (!interactive && decile == lastDecile) {
            return;
        }
        lastDecile = decile;
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
