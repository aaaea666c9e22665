package io.jgrad.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints tensors the way PyTorch does: nested brackets, one common number format with
 * aligned columns, and above 1000 elements only the first and last three entries of each
 * dimension around an ellipsis.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        if (t.numel() == 0) {
            return t.rank() == 1 ? "tensor([])" : "tensor([], size=" + t.shape() + ")";
        }
        boolean abridged = t.numel() > THRESHOLD;
        List<Float> shown = new ArrayList<>();
        collect(t, abridged, shown);
        NumberStyle style = NumberStyle.choose(shown);
        int width = 0;
        for (float v : shown) {
            width = Math.max(width, style.format(v).length());
        }
        StringBuilder sb = new StringBuilder(PREFIX);
        append(sb, t, abridged, style, width, PREFIX.length() + 1);
        return sb.append(')').toString();
    }

    private static void collect(Tensor t, boolean abridged, List<Float> into) {
        if (t.rank() == 0) {
            into.add(t.item());
            return;
        }
        for (int i : indices(t.size(0), abridged)) {
            if (i >= 0) {
                collect(t.select(0, i), abridged, into);
            }
        }
    }

    /** The indices to show along a dimension, with -1 where the ellipsis goes. */
    private static int[] indices(int size, boolean abridged) {
        if (!abridged || size <= 2 * EDGE_ITEMS) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] some = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            some[i] = i;
            some[EDGE_ITEMS + 1 + i] = size - EDGE_ITEMS + i;
        }
        some[EDGE_ITEMS] = -1;
        return some;
    }

    private static void append(StringBuilder sb, Tensor t, boolean abridged, NumberStyle style, int width, int indent) {
        if (t.rank() == 0) {
            String s = style.format(t.item());
            sb.append(" ".repeat(width - s.length())).append(s);
            return;
        }
        sb.append('[');
        int[] idx = indices(t.size(0), abridged);
        String separator = t.rank() == 1 ? ", " : "," + "\n".repeat(t.rank() - 1) + " ".repeat(indent);
        for (int j = 0; j < idx.length; j++) {
            if (j > 0) {
                sb.append(separator);
            }
            if (idx[j] < 0) {
                sb.append("...");
            } else {
                append(sb, t.select(0, idx[j]), abridged, style, width, indent + 1);
            }
        }
        sb.append(']');
    }

    /** One format for every printed number, picked from their range as PyTorch does. */
    private enum NumberStyle {
        INTEGER, FIXED, SCIENTIFIC;

        static NumberStyle choose(List<Float> values) {
            boolean integers = true;
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    continue;
                }
                integers &= v == Math.rint(v);
                double a = Math.abs(v);
                maxAbs = Math.max(maxAbs, a);
                if (a > 0) {
                    minAbs = Math.min(minAbs, a);
                }
            }
            if (integers) {
                return maxAbs >= 1e8 ? SCIENTIFIC : INTEGER;
            }
            return maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000 ? SCIENTIFIC : FIXED;
        }

        String format(float v) {
            if (Float.isNaN(v)) {
                return "nan";
            }
            if (Float.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return switch (this) {
                case INTEGER -> String.format(Locale.ROOT, "%.0f.", v);
                case FIXED -> String.format(Locale.ROOT, "%.4f", v);
                case SCIENTIFIC -> String.format(Locale.ROOT, "%.4e", v);
            };
        }
    }
}
