package io.jgrad.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors the way PyTorch does ({@code torch/_tensor_str.py} with its default print
 * options): nested brackets, one common number format chosen from the nonzero finite values,
 * columns as wide as the widest of those, rows wrapped at 80 characters, and above 1000
 * elements only the first and last three entries of each dimension around an ellipsis. Numbers
 * are rounded half to even, as Python's {@code format} does.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        if (t.numel() == 0) {
            return t.rank() == 1 ? "tensor([])" : "tensor([], size=" + tuple(t.shape().dims()) + ")";
        }
        boolean abridged = t.numel() > THRESHOLD;
        List<Float> shown = new ArrayList<>();
        collect(t, abridged, shown);
        Formatter formatter = new Formatter(shown);
        StringBuilder sb = new StringBuilder(PREFIX);
        append(sb, t, abridged, formatter, PREFIX.length());
        return sb.append(')').toString();
    }

    private static String tuple(int[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dims[i]);
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
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

    private static void append(StringBuilder sb, Tensor t, boolean abridged, Formatter formatter, int indent) {
        if (t.rank() == 0) {
            sb.append(formatter.format(t.item()));
            return;
        }
        int[] idx = indices(t.size(0), abridged);
        if (t.rank() == 1) {
            appendRow(sb, t, idx, formatter, indent);
            return;
        }
        sb.append('[');
        String separator = "," + "\n".repeat(t.rank() - 1) + " ".repeat(indent + 1);
        for (int j = 0; j < idx.length; j++) {
            if (j > 0) {
                sb.append(separator);
            }
            if (idx[j] < 0) {
                sb.append("...");
            } else {
                append(sb, t.select(0, idx[j]), abridged, formatter, indent + 1);
            }
        }
        sb.append(']');
    }

    /** A 1-D row, as many entries to a line as fit in 80 characters after the indent. */
    private static void appendRow(StringBuilder sb, Tensor t, int[] idx, Formatter formatter, int indent) {
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (formatter.width() + 2));
        sb.append('[');
        for (int j = 0; j < idx.length; j++) {
            if (j > 0) {
                sb.append(j % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            }
            sb.append(idx[j] < 0 ? " ..." : formatter.format(t.get(idx[j])));
        }
        sb.append(']');
    }

    /** One format for every printed number, picked from their range as PyTorch's {@code _Formatter} does. */
    private static final class Formatter {
        private boolean integers = true;
        private boolean scientific;
        private int width = 1;

        Formatter(List<Float> values) {
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            List<Float> nonzeroFinite = new ArrayList<>();
            for (float v : values) {
                if (Float.isFinite(v) && v != 0) {
                    nonzeroFinite.add(v);
                    integers &= v == Math.ceil(v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                    minAbs = Math.min(minAbs, Math.abs(v));
                }
            }
            if (nonzeroFinite.isEmpty()) {
                return;
            }
            scientific = maxAbs / minAbs > 1000 || maxAbs > 1e8 || (!integers && minAbs < 1e-4);
            for (float v : nonzeroFinite) {
                width = Math.max(width, body(v).length() + (integers && !scientific ? 1 : 0));
            }
        }

        int width() {
            return width;
        }

        String format(float v) {
            String s;
            if (Float.isNaN(v)) {
                s = "nan";
            } else if (Float.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else {
                s = body(v) + (integers && !scientific ? "." : "");
            }
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        /** The number without padding (nor, in integer mode, its point). */
        private String body(float v) {
            boolean negative = v < 0 || (v == 0 && 1 / v < 0);
            BigDecimal exact = new BigDecimal(Math.abs((double) v));
            String digits;
            if (scientific) {
                BigDecimal rounded = exact.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
                int exponent = rounded.signum() == 0 ? 0 : rounded.precision() - rounded.scale() - 1;
                String significand = rounded.unscaledValue().toString();
                significand = (significand + "0".repeat(PRECISION + 1)).substring(0, PRECISION + 1);
                digits = significand.charAt(0) + "." + significand.substring(1) + "e" + (exponent < 0 ? "-" : "+")
                        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            } else {
                digits = exact.setScale(integers ? 0 : PRECISION, RoundingMode.HALF_EVEN).toPlainString();
            }
            return (negative ? "-" : "") + digits;
        }
    }
}
