package io.jgrad.nn;

import java.math.BigDecimal;

/** Values formatted as Python's {@code repr} prints them, so that {@code extraRepr} reads as PyTorch's. */
final class PyRepr {
    private PyRepr() {
    }

    /** A float as Python prints it: {@code 0.1}, {@code 1.0}, {@code 1e-05}, {@code 1e+16}. */
    static String of(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value == 0 ? (1 / value < 0 ? "-0.0" : "0.0") : Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        // Double.toString gives the shortest decimal that reads back as the same double, as repr does.
        BigDecimal d = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /**
     * A float as Python prints the number it was written as: {@code 0.2f} is {@code 0.2}, not
     * the {@code 0.20000000298023224} its exact value would print.
     */
    static String of(float value) {
        return of(Double.parseDouble(Float.toString(value)));
    }

    /** A boolean as Python prints it. */
    static String of(boolean value) {
        return value ? "True" : "False";
    }

    /** A tuple of ints: {@code (3,)} or {@code (3, 3)}. */
    static String tuple(int... values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(values[i]);
        }
        return sb.append(values.length == 1 ? ",)" : ")").toString();
    }
}
