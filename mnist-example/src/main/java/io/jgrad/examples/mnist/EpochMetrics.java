package io.jgrad.examples.mnist;

import java.util.Locale;

/**
 * One epoch's results: one row of {@code metrics.csv}.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the mean training loss over the epoch's batches
 * @param trainAccuracy the fraction of training images classified right while training
 * @param testLoss the mean loss on the test set after the epoch
 * @param testAccuracy the fraction of test images classified right after the epoch
 * @param seconds the wall time of the epoch's training
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double seconds) {
    /** The CSV header line. */
    public static final String CSV_HEADER = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds";

    /** This row as CSV. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f", epoch, trainLoss, trainAccuracy, testLoss,
                testAccuracy, seconds);
    }

    /**
     * Parses a row written by {@link #toCsv()}.
     *
     * @throws IllegalArgumentException if the line is not such a row
     */
    public static EpochMetrics fromCsv(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 comma-separated fields in a metrics row, got '" + line + "'");
        }
        try {
            return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in metrics row '" + line + "'");
        }
    }
}
